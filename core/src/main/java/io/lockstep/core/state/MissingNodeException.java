package io.lockstep.core.state;

/** A node the tree needs is not in the store: its version has been pruned, or the store is incomplete. */
public final class MissingNodeException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MissingNodeException(NodeKey key) {
        super("state node " + key + " is not stored (pruned, or the store is damaged)");
    }
}
