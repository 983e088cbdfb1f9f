package io.lockstep.node.store;

import io.lockstep.core.state.Node;
import io.lockstep.core.state.NodeKey;
import io.lockstep.core.state.TreeUpdate;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Decoded state nodes of the top of the tree, so that a block's update finds them in memory instead of
 * reading (and re-hashing) them from RocksDB. Every block rewrites the top levels, so the next block
 * reads them again at once; a deeper node is read again only when a later block touches the same small
 * subtree, and is left to RocksDB's block cache.
 *
 * <p>One slot per position (depth, path) down to {@code maxDepth}, holding the newest version's node
 * there that the cache has seen: 2^(maxDepth+1) - 1 slots, so the cache is bounded by its shape, needs no
 * eviction, and finds a node with one array read instead of a hash lookup. A commit puts its new nodes in
 * their slots; reading an older version's node never displaces a newer one. A slot answers only for the
 * exact key it holds, and a node never changes under its key, so what it returns is what RocksDB holds.
 *
 * <p>Pruning and reads can race: a reader may fetch a node from RocksDB just before a prune deletes it
 * and offer it here just after the prune dropped it. Each offer carries the {@link #epoch()} read before
 * the fetch, and a prune starts a new epoch first, so an offer from before the prune is refused.
 */
final class NodeCache {

    /** A node and the version it belongs to; the slot's index gives its depth and path. */
    private record Slot(long version, Node node) {}

    private final int maxDepth;
    private final AtomicReferenceArray<Slot> slots;
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private volatile long epoch;

    /** @param maxDepth the deepest nodes kept, 0..22; -1 for no cache */
    NodeCache(int maxDepth) {
        if (maxDepth < -1 || maxDepth > 22) {
            throw new IllegalArgumentException("node cache depth must be -1..22: " + maxDepth);
        }
        this.maxDepth = maxDepth;
        this.slots = new AtomicReferenceArray<>((1 << (maxDepth + 1)) - 1);
    }

    /** The node under {@code key}, or {@code null} when it is not kept. */
    Node get(NodeKey key) {
        if (key.depth() <= maxDepth) {
            Slot slot = slots.get(index(key));
            if (slot != null && slot.version() == key.version()) {
                hits.increment();
                return slot.node();
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
        int index = index(key);
        Slot slot = slots.get(index);
        if (slot == null || slot.version() < key.version()) {
            slots.set(index, new Slot(key.version(), node));
        }
    }

    /**
     * After {@code update} was committed: its new nodes go in their slots (the next version's update
     * reads them first), and the nodes it made stale leave theirs.
     */
    synchronized void committed(TreeUpdate update) {
        for (NodeKey key : update.staleNodes()) {
            drop(key);
        }
        update.newNodes().forEach((key, node) -> {
            if (key.depth() <= maxDepth) {
                slots.set(index(key), new Slot(key.version(), node));
            }
        });
    }

    /** Drops nodes that pruning deleted. */
    synchronized void removeAll(Iterable<NodeKey> keys) {
        keys.forEach(this::drop);
    }

    /** Starts a prune: offers of nodes read before this call are refused from now on. */
    synchronized void beginPrune() {
        epoch++;
    }

    /** Reads answered here and reads that went to RocksDB so far, and the slots in use. */
    ChainStore.NodeCacheStats stats() {
        int used = 0;
        for (int i = 0; i < slots.length(); i++) {
            used += slots.get(i) == null ? 0 : 1;
        }
        return new ChainStore.NodeCacheStats(hits.sum(), misses.sum(), used);
    }

    private void drop(NodeKey key) {
        if (key.depth() <= maxDepth) {
            int index = index(key);
            Slot slot = slots.get(index);
            if (slot != null && slot.version() == key.version()) {
                slots.set(index, null);
            }
        }
    }

    /** Level by level from the root: depth d starts at 2^d - 1, and its 2^d positions follow in path order. */
    private static int index(NodeKey key) {
        return (1 << key.depth()) - 1 + (int) key.pathBits();
    }
}
