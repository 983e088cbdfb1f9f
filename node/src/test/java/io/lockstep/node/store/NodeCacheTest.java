package io.lockstep.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.state.InMemoryNodeStore;
import io.lockstep.core.state.Node;
import io.lockstep.core.state.NodeKey;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The cache of the top of the tree: what it keeps, what it answers, what displaces what. */
class NodeCacheTest {

    private static final Node A = Node.Leaf.of(bytes("a"), bytes("1"));
    private static final Node B = Node.Leaf.of(bytes("b"), bytes("2"));

    @Test
    void itAnswersOnlyForTheExactKeyItHolds() {
        NodeCache cache = new NodeCache(4);
        NodeKey key = key(5, 3, 0b101);
        cache.offer(key, A, cache.epoch());
        assertCached(A, cache.get(key));
        assertCached(A, cache.get(key(5, 3, 0b101)));
        assertNull(cache.get(key(4, 3, 0b101)), "another version at the same place");
        assertNull(cache.get(key(5, 3, 0b100)), "another place");
        assertNull(cache.get(key(5, 2, 0b10)), "the place above");
        ChainStore.NodeCacheStats stats = cache.stats();
        assertEquals(2, stats.hits());
        assertEquals(3, stats.misses());
        assertEquals(1, stats.size());
        assertEquals(8 * NodeSlots.SLOT_BYTES, stats.bytes(), "the slots of depth 3 only, where the node went");
    }

    @Test
    void nodesDeeperThanItsDepthAreNotKept() {
        NodeCache cache = new NodeCache(4);
        cache.offer(key(5, 5, 0b10101), A, cache.epoch());
        assertNull(cache.get(key(5, 5, 0b10101)));
        NodeCache off = new NodeCache(-1);
        off.offer(key(5, 0, 0), A, off.epoch());
        assertNull(off.get(key(5, 0, 0)));
        assertThrows(IllegalArgumentException.class, () -> new NodeCache(23));
        assertThrows(IllegalArgumentException.class, () -> new NodeCache(-2));
    }

    @Test
    void anOlderVersionNeverDisplacesANewerOne() {
        NodeCache cache = new NodeCache(4);
        cache.offer(key(9, 2, 0b11), A, cache.epoch());
        cache.offer(key(3, 2, 0b11), B, cache.epoch());
        assertCached(A, cache.get(key(9, 2, 0b11)));
        assertNull(cache.get(key(3, 2, 0b11)));
        cache.offer(key(12, 2, 0b11), B, cache.epoch());
        assertCached(B, cache.get(key(12, 2, 0b11)));
        assertNull(cache.get(key(9, 2, 0b11)));
    }

    @Test
    void aReadFromBeforeAPruneIsNotKept() {
        NodeCache cache = new NodeCache(4);
        long before = cache.epoch();
        cache.beginPrune();
        cache.offer(key(5, 1, 1), A, before);
        assertNull(cache.get(key(5, 1, 1)), "the prune may have deleted it since it was read");
        cache.offer(key(5, 1, 1), A, cache.epoch());
        assertCached(A, cache.get(key(5, 1, 1)));
        cache.removeAll(List.of(key(5, 1, 1)));
        assertNull(cache.get(key(5, 1, 1)));
    }

    @Test
    void aCommitPutsItsNodesAndDropsTheOnesItMadeStale() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        Map<byte[], byte[]> changes = new HashMap<>();
        for (int i = 0; i < 40; i++) {
            changes.put(bytes("k" + i), bytes("v" + i));
        }
        TreeUpdate first = tree.update(NodeRef.EMPTY, 1, changes);
        store.apply(first);
        NodeCache cache = new NodeCache(3);
        cache.committed(first);
        first.newNodes().forEach((key, node) -> {
            if (key.depth() <= 3) {
                assertCached(node, cache.get(key));
            } else {
                assertNull(cache.get(key), key.toString());
            }
        });
        TreeUpdate second = tree.update(first.root(), 2, Map.of(bytes("k7"), bytes("changed")));
        cache.committed(second);
        for (NodeKey stale : second.staleNodes()) {
            assertNull(cache.get(stale), stale.toString());
        }
        second.newNodes().forEach((key, node) -> {
            if (key.depth() <= 3) {
                assertCached(node, cache.get(key));
            }
        });
    }

    @Test
    void aLeafTooLargeForASlotIsNotKept() {
        NodeCache cache = new NodeCache(4);
        Node fits = Node.Leaf.of(new byte[40], new byte[36]);
        Node tooLarge = Node.Leaf.of(new byte[40], new byte[37]);
        assertEquals(NodeSlots.MAX_ENCODING, fits.encodedLength());
        cache.offer(key(5, 2, 0b01), fits, cache.epoch());
        cache.offer(key(5, 2, 0b10), tooLarge, cache.epoch());
        assertCached(fits, cache.get(key(5, 2, 0b01)));
        assertNull(cache.get(key(5, 2, 0b10)));
        // A commit's large leaf empties its slot rather than leave an older node there.
        cache.offer(key(6, 2, 0b11), A, cache.epoch());
        cache.committed(new TreeUpdate(9, NodeRef.EMPTY, Map.of(key(9, 2, 0b11), tooLarge), List.of()));
        assertNull(cache.get(key(9, 2, 0b11)));
        assertNull(cache.get(key(6, 2, 0b11)));
        assertEquals(1, cache.stats().size());
    }

    @Test
    void aCommitTakesTheBatchsEncodingsOneForEachNode() {
        TreeUpdate update = new SparseMerkleTree(new InMemoryNodeStore())
                .update(NodeRef.EMPTY, 3, Map.of(bytes("a"), bytes("1"), bytes("b"), bytes("2")));
        byte[][] encodings =
                update.newNodes().values().stream().map(Node::encode).toArray(byte[][]::new);
        NodeCache cache = new NodeCache(4);
        assertThrows(
                IllegalArgumentException.class,
                () -> cache.committed(update, Arrays.copyOf(encodings, encodings.length - 1)));
        cache.committed(update, encodings);
        update.newNodes().forEach((key, node) -> assertCached(node, cache.get(key)));
    }

    @Test
    void everyNodeOfAnUpdateComesBackEqualWithItsHash() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        Map<byte[], byte[]> changes = new HashMap<>();
        for (int i = 0; i < 3000; i++) {
            // Values of 1 to 100 bytes: most leaves fit a slot, some do not.
            changes.put(bytes("key-" + i), new byte[1 + i % 100]);
        }
        TreeUpdate update = tree.update(NodeRef.EMPTY, 1, changes);
        NodeCache cache = new NodeCache(14);
        cache.committed(update);
        int kept = 0;
        int leaves = 0;
        for (Map.Entry<NodeKey, Node> e : update.newNodes().entrySet()) {
            Node node = e.getValue();
            Node cached = cache.get(e.getKey());
            if (e.getKey().depth() > 14 || node.encodedLength() > NodeSlots.MAX_ENCODING) {
                assertNull(cached, e.getKey().toString());
                continue;
            }
            assertCached(node, cached);
            kept++;
            leaves += node instanceof Node.Leaf ? 1 : 0;
        }
        assertEquals(kept, cache.stats().size());
        assertTrue(leaves > 100 && kept - leaves > 100, kept + " nodes kept, " + leaves + " of them leaves");
    }

    /** The key of the node at {@code depth} whose path starts with the {@code depth} bits of {@code position}. */
    private static NodeKey key(long version, int depth, long position) {
        byte[] path = new byte[32];
        long bits = depth == 0 ? 0 : position << (64 - depth);
        for (int i = 0; i < 8; i++) {
            path[i] = (byte) (bits >>> (56 - 8 * i));
        }
        return new NodeKey(version, depth, path);
    }

    /** A hit is a new node, equal to the one put in, with the same hash. */
    private static void assertCached(Node expected, Node actual) {
        assertNotNull(actual, "not cached: " + expected);
        assertNotSame(expected, actual);
        assertEquals(expected, actual);
        assertEquals(expected.getClass(), actual.getClass());
        assertArrayEquals(expected.hash(), actual.hash());
        assertArrayEquals(expected.encode(), actual.encode());
        if (expected instanceof Node.Leaf leaf) {
            assertArrayEquals(leaf.keyHash(), ((Node.Leaf) actual).keyHash());
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
