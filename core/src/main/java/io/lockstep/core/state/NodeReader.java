package io.lockstep.core.state;

/** Where the tree reads its nodes from: the node's RocksDB, or memory in tests. */
@FunctionalInterface
public interface NodeReader {

    /**
     * The node stored under {@code key}.
     *
     * @throws MissingNodeException when there is none: the version was pruned, or the store is damaged
     */
    Node node(NodeKey key);
}
