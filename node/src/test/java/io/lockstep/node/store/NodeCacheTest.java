package io.lockstep.node.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.core.state.InMemoryNodeStore;
import io.lockstep.core.state.Node;
import io.lockstep.core.state.NodeKey;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import java.nio.charset.StandardCharsets;
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
        assertSame(A, cache.get(key));
        assertSame(A, cache.get(key(5, 3, 0b101)));
        assertNull(cache.get(key(4, 3, 0b101)), "another version at the same place");
        assertNull(cache.get(key(5, 3, 0b100)), "another place");
        assertNull(cache.get(key(5, 2, 0b10)), "the place above");
        assertEquals(new ChainStore.NodeCacheStats(2, 3, 1), cache.stats());
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
        assertSame(A, cache.get(key(9, 2, 0b11)));
        assertNull(cache.get(key(3, 2, 0b11)));
        cache.offer(key(12, 2, 0b11), B, cache.epoch());
        assertSame(B, cache.get(key(12, 2, 0b11)));
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
        assertSame(A, cache.get(key(5, 1, 1)));
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
                assertSame(node, cache.get(key), key.toString());
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
                assertSame(node, cache.get(key), key.toString());
            }
        });
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

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
