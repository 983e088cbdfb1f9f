package io.lockstep.node.state;

import io.lockstep.core.state.NodeReader;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.StateProof;
import java.util.Objects;

/** The state of one committed version, read from the authenticated tree under its root. */
public final class CommittedState implements StateReader {

    private final SparseMerkleTree tree;
    private final NodeRef root;
    private final long version;

    public CommittedState(NodeReader nodes, NodeRef root, long version) {
        this.tree = new SparseMerkleTree(Objects.requireNonNull(nodes, "nodes"));
        this.root = Objects.requireNonNull(root, "root");
        this.version = version;
    }

    @Override
    public byte[] get(byte[] key) {
        return tree.get(root, key).orElse(null);
    }

    /** A membership or non-membership proof of {@code key} against {@link #root()}. */
    public StateProof prove(byte[] key) {
        return tree.prove(root, key);
    }

    public NodeRef root() {
        return root;
    }

    public long version() {
        return version;
    }
}
