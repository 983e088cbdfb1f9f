package io.lockstep.core.state;

import java.util.List;
import java.util.Map;

/**
 * What one version's changes produce: the new root, the nodes to store, and the nodes that the new
 * version no longer uses (still needed by older versions until they are pruned). A node's store writes
 * all of it in one atomic batch with the rest of the block.
 *
 * @param version the version written
 * @param root the new root; its hash is the state root
 * @param newNodes nodes to store, in key order
 * @param staleNodes nodes the new version stopped using, each stale since {@code version}
 */
public record TreeUpdate(long version, NodeRef root, Map<NodeKey, Node> newNodes, List<NodeKey> staleNodes) {

    public TreeUpdate {
        newNodes = SortedNodes.copyOf(newNodes);
        staleNodes = List.copyOf(staleNodes);
    }
}
