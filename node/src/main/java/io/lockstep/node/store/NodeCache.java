package io.lockstep.node.store;

import io.lockstep.core.state.Node;
import io.lockstep.core.state.NodeKey;
import io.lockstep.core.state.TreeUpdate;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * State nodes of the top of the tree, so that a block's update finds them in memory instead of reading
 * (and re-hashing) them from RocksDB. Every block rewrites the top levels, so the next block reads them
 * again at once; a deeper node is read again only when a later block touches the same small subtree, and
 * is left to RocksDB's block cache.
 *
 * <p>One slot per position (depth, path) down to {@code maxDepth}, holding the newest version's node
 * there that the cache has seen: 2^(maxDepth+1) - 1 slots, so the cache is bounded by its shape, needs no
 * eviction, and finds a node by its position instead of a hash lookup. The slots hold nodes as bytes,
 * with their hashes ({@link NodeSlots}: what the collector would otherwise copy and scan), and a hit
 * decodes a new node from them without hashing it; a leaf too large for a slot is not kept. A commit
 * puts its new nodes in their slots; reading an older version's node never displaces a newer one. A slot
 * answers only for the exact key it holds, and a node never changes under its key, so what it returns is
 * what RocksDB holds.
 *
 * <p>Pruning and reads can race: a reader may fetch a node from RocksDB just before a prune deletes it
 * and offer it here just after the prune dropped it. Each offer carries the {@link #epoch()} read before
 * the fetch, and a prune starts a new epoch first, so an offer from before the prune is refused.
 */
final class NodeCache {

    private final int maxDepth;
    private final NodeSlots slots;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile long epoch;

    /** @param maxDepth the deepest nodes kept, 0..22; -1 for no cache */
    NodeCache(int maxDepth) {
        if (maxDepth < -1 || maxDepth > 22) {
            throw new IllegalArgumentException("node cache depth must be -1..22: " + maxDepth);
        }
        this.maxDepth = maxDepth;
        this.slots = new NodeSlots(maxDepth);
    }

    /** The node under {@code key}, decoded anew, or {@code null} when it is not kept. */
    Node get(NodeKey key) {
        if (key.depth() <= maxDepth) {
            Node node = slots.read(key.depth(), key.pathBits(), key.version());
            if (node != null) {
                hits.increment();
                return node;
            }
        }
        misses.increment();
        return null;
    }

    /** The current epoch, to pass to {@link #offer} for a node about to be read from the database. */
    long epoch() {
        return epoch;
    }

    /** Keeps a node read from the database, unless a prune began since {@code readEpoch}. */
    void offer(NodeKey key, Node node, long readEpoch) {
        if (key.depth() <= maxDepth) {
            offerKept(key, node, readEpoch);
        }
    }

    private synchronized void offerKept(NodeKey key, Node node, long readEpoch) {
        if (readEpoch != epoch) {
            return;
        }
        if (slots.version(key.depth(), key.pathBits()) < key.version()) {
            slots.write(key.depth(), key.pathBits(), key.version(), node);
        }
    }

    /**
     * After {@code update} was committed: its new nodes go in their slots (the next version's update
     * reads them first), and the nodes it made stale leave theirs.
     */
    void committed(TreeUpdate update) {
        committed(update, update.newNodes().values().stream().map(Node::encode).toArray(byte[][]::new));
    }

    /**
     * {@link #committed(TreeUpdate)}, with the new nodes' encodings as the write batch made them, in the
     * order of {@link TreeUpdate#newNodes()}: encoding them once costs less than once for the batch and
     * again for the slots.
     */
    synchronized void committed(TreeUpdate update, byte[][] encodings) {
        if (encodings.length != update.newNodes().size()) {
            throw new IllegalArgumentException(
                    encodings.length + " encodings of " + update.newNodes().size() + " new nodes");
        }
        int i = 0;
        for (Map.Entry<NodeKey, Node> e : update.newNodes().entrySet()) {
            NodeKey key = e.getKey();
            byte[] encoding = encodings[i++];
            if (key.depth() <= maxDepth) {
                slots.write(
                        key.depth(), key.pathBits(), key.version(), e.getValue().hash(), encoding);
            }
        }
        // After the new nodes: most stale nodes were just replaced in their slots by the new node of their
        // position, and a drop checks a slot written a moment ago instead of emptying one about to be
        // written.
        for (NodeKey key : update.staleNodes()) {
            drop(key);
        }
    }

    /** Drops nodes that pruning deleted. */
    synchronized void removeAll(Iterable<NodeKey> keys) {
        keys.forEach(this::drop);
    }

    /** Starts a prune: offers of nodes read before this call are refused from now on. */
    synchronized void beginPrune() {
        epoch++;
    }

    /** Reads answered here and reads that went to RocksDB so far, the slots in use, the bytes allocated. */
    ChainStore.NodeCacheStats stats() {
        return new ChainStore.NodeCacheStats(hits.sum(), misses.sum(), slots.used(), slots.allocatedBytes());
    }

    private void drop(NodeKey key) {
        if (key.depth() <= maxDepth && slots.version(key.depth(), key.pathBits()) == key.version()) {
            slots.clear(key.depth(), key.pathBits());
        }
    }
}
