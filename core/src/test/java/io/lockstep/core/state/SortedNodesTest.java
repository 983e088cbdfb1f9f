package io.lockstep.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The map a tree update hands its new nodes over in: key order, lookups, no duplicates. */
class SortedNodesTest {

    private static final long SEED = 31;

    @Test
    void aCopyIteratesInKeyOrderAndFindsEveryKey() {
        SplittableRandom random = new SplittableRandom(SEED);
        Map<NodeKey, Node> nodes = new HashMap<>();
        for (int i = 0; i < 500; i++) {
            byte[] path = new byte[32];
            random.nextBytes(path);
            nodes.put(
                    new NodeKey(random.nextInt(4), random.nextInt(40), path),
                    Node.Leaf.of(("k" + i).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) i}));
        }
        SortedNodes sorted = SortedNodes.copyOf(nodes);
        assertEquals(new ArrayList<>(new TreeMap<>(nodes).keySet()), new ArrayList<>(sorted.keySet()), "seed " + SEED);
        assertEquals(nodes, sorted);
        nodes.forEach((key, node) -> assertSame(node, sorted.get(key)));
        assertNull(sorted.get(new NodeKey(9, 1, new byte[32])));
        assertFalse(sorted.containsKey("not a key"));
        List<NodeKey> visited = new ArrayList<>();
        sorted.forEach((key, node) -> visited.add(key));
        assertEquals(new ArrayList<>(sorted.keySet()), visited);
        assertSame(sorted, SortedNodes.copyOf(sorted));
        assertThrows(UnsupportedOperationException.class, () -> sorted.put(new NodeKey(1, 0, new byte[32]), null));
    }

    @Test
    void twoNodesAtOneKeyAreRefused() {
        NodeKey key = new NodeKey(1, 3, new byte[32]);
        Node node = Node.Leaf.of(new byte[] {1}, new byte[] {2});
        IllegalStateException e = assertThrows(
                IllegalStateException.class,
                () -> SortedNodes.of(new NodeKey[] {key, new NodeKey(1, 3, new byte[32])}, new Node[] {node, node}));
        assertTrue(e.getMessage().contains("two nodes"), e.getMessage());
    }

    @Test
    void theNewNodesOfAnUpdateAreInKeyOrder() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        SplittableRandom random = new SplittableRandom(SEED);
        NodeRef root = NodeRef.EMPTY;
        for (long version = 1; version <= 5; version++) {
            Map<byte[], byte[]> changes = new HashMap<>();
            for (int i = 0; i < 300; i++) {
                byte[] key = new byte[8];
                random.nextBytes(key);
                changes.put(key, key.clone());
            }
            TreeUpdate update = tree.update(root, version, changes);
            List<NodeKey> keys = new ArrayList<>(update.newNodes().keySet());
            for (int i = 1; i < keys.size(); i++) {
                assertTrue(keys.get(i - 1).compareTo(keys.get(i)) < 0, "version " + version + " at " + i);
            }
            store.apply(update);
            root = update.root();
        }
    }
}
