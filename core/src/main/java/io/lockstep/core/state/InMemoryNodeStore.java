package io.lockstep.core.state;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * Tree nodes, version roots and stale-node records in memory: for tests and tools. The node keeps the
 * same three things in RocksDB, written in one batch per block.
 */
public final class InMemoryNodeStore implements NodeReader {

    private final TreeMap<NodeKey, Node> nodes = new TreeMap<>();
    private final TreeMap<Long, NodeRef> roots = new TreeMap<>();
    private final TreeMap<Long, List<NodeKey>> staleSince = new TreeMap<>();
    private long keptFrom;

    @Override
    public Node node(NodeKey key) {
        Node node = nodes.get(key);
        if (node == null) {
            throw new MissingNodeException(key);
        }
        return node;
    }

    /** Stores one version's nodes, root and stale records. */
    public void apply(TreeUpdate update) {
        if (!roots.isEmpty() && update.version() <= roots.lastKey()) {
            throw new IllegalArgumentException(
                    "version " + update.version() + " is not after the latest, " + roots.lastKey());
        }
        nodes.putAll(update.newNodes());
        roots.put(update.version(), update.root());
        if (!update.staleNodes().isEmpty()) {
            staleSince.put(update.version(), new ArrayList<>(update.staleNodes()));
        }
    }

    /**
     * The root of {@code version}, or {@link NodeRef#EMPTY} before the first.
     *
     * @throws IllegalArgumentException when {@code version} has been pruned
     */
    public NodeRef root(long version) {
        if (version < keptFrom) {
            throw new IllegalArgumentException("version " + version + " is pruned; the oldest kept is " + keptFrom);
        }
        Map.Entry<Long, NodeRef> entry = roots.floorEntry(version);
        return entry == null ? NodeRef.EMPTY : entry.getValue();
    }

    /** The latest version written, or -1. */
    public long latestVersion() {
        return roots.isEmpty() ? -1 : roots.lastKey();
    }

    /**
     * Forgets every version below {@code keepFrom}: deletes the nodes that only they used (stale since a
     * version at or below {@code keepFrom}) and their roots.
     */
    public void pruneBelow(long keepFrom) {
        NavigableMap<Long, List<NodeKey>> done = staleSince.headMap(keepFrom, true);
        for (Iterator<List<NodeKey>> it = done.values().iterator(); it.hasNext(); ) {
            it.next().forEach(nodes::remove);
            it.remove();
        }
        keptFrom = Math.max(keptFrom, keepFrom);
        Long floor = roots.floorKey(keepFrom);
        if (floor != null) {
            roots.headMap(floor, false).clear();
        }
    }

    /** How many nodes are stored. */
    public int nodeCount() {
        return nodes.size();
    }
}
