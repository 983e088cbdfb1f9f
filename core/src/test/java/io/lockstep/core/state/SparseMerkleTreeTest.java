package io.lockstep.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The state tree against a plain sorted map: reads, proofs and roots at every version, history
 * independence, pruning, and proofs that must not verify.
 */
class SparseMerkleTreeTest {

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<byte[], byte[]> deletion(String key) {
        Map<byte[], byte[]> change = new LinkedHashMap<>();
        change.put(bytes(key), null);
        return change;
    }

    private static TreeMap<byte[], byte[]> newModel() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    @Test
    void anEmptyTreeHasTheZeroRootAndProvesAbsence() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        assertArrayEquals(new byte[32], NodeRef.EMPTY.hash());
        assertEquals(Optional.empty(), tree.get(NodeRef.EMPTY, bytes("a")));
        StateProof proof = tree.prove(NodeRef.EMPTY, bytes("a"));
        assertEquals(0, proof.depth());
        assertTrue(proof.verify(new byte[32], bytes("a"), null));
        assertFalse(proof.verify(new byte[32], bytes("a"), bytes("1")));
    }

    @Test
    void rootsFollowTheSpecifiedHashing() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        TreeUpdate one = tree.update(NodeRef.EMPTY, 1, Map.of(bytes("a"), bytes("1")));
        byte[] leafA = TreeHash.leaf(TreeHash.sha256(bytes("a")), TreeHash.sha256(bytes("1")));
        assertArrayEquals(leafA, one.root().hash());
        store.apply(one);

        // sha256("a") starts with bit 1 (0xca...), sha256("b") with bit 0 (0x3e...): they split at the root.
        TreeUpdate two = tree.update(one.root(), 2, Map.of(bytes("b"), bytes("2")));
        byte[] leafB = TreeHash.leaf(TreeHash.sha256(bytes("b")), TreeHash.sha256(bytes("2")));
        assertEquals(0xca, TreeHash.sha256(bytes("a"))[0] & 0xFF);
        assertEquals(0x3e, TreeHash.sha256(bytes("b"))[0] & 0xFF);
        assertArrayEquals(TreeHash.internal(leafB, leafA), two.root().hash());
        store.apply(two);
        assertEquals(1, two.staleNodes().size(), "the lone leaf 'a' moved down a level");

        TreeUpdate three = tree.update(two.root(), 3, deletion("b"));
        assertArrayEquals(leafA, three.root().hash(), "deleting b lifts a back to the root");
        store.apply(three);
        TreeUpdate four = tree.update(three.root(), 4, deletion("a"));
        assertEquals(NodeRef.EMPTY, four.root());
    }

    @Test
    void randomHistoriesAgreeWithAMapAtEveryVersion() {
        for (long seed = 1; seed <= 12; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            InMemoryNodeStore store = new InMemoryNodeStore();
            SparseMerkleTree tree = new SparseMerkleTree(store);
            List<TreeMap<byte[], byte[]>> models = new ArrayList<>();
            List<NodeRef> roots = new ArrayList<>();
            TreeMap<byte[], byte[]> model = newModel();
            NodeRef root = NodeRef.EMPTY;
            int keySpace = 5 + random.nextInt(200);
            for (long version = 1; version <= 30; version++) {
                Map<byte[], byte[]> changes = randomChanges(random, keySpace, model);
                TreeUpdate update = tree.update(root, version, changes);
                store.apply(update);
                changes.forEach((k, v) -> {
                    if (v == null) {
                        model.remove(k);
                    } else {
                        model.put(k, v);
                    }
                });
                root = update.root();
                TreeMap<byte[], byte[]> snapshot = newModel();
                snapshot.putAll(model);
                models.add(snapshot);
                roots.add(root);
            }
            for (int v = 0; v < roots.size(); v++) {
                checkVersion(tree, roots.get(v), models.get(v), keySpace, "seed " + seed + " version " + (v + 1));
            }
        }
    }

    @Test
    void theRootDependsOnlyOnTheContentsNotOnTheHistory() {
        SplittableRandom random = new SplittableRandom(99);
        TreeMap<byte[], byte[]> finalState = newModel();
        InMemoryNodeStore historyStore = new InMemoryNodeStore();
        SparseMerkleTree history = new SparseMerkleTree(historyStore);
        NodeRef root = NodeRef.EMPTY;
        for (long version = 1; version <= 40; version++) {
            Map<byte[], byte[]> changes = randomChanges(random, 300, finalState);
            TreeUpdate update = history.update(root, version, changes);
            historyStore.apply(update);
            root = update.root();
            changes.forEach((k, v) -> {
                if (v == null) {
                    finalState.remove(k);
                } else {
                    finalState.put(k, v);
                }
            });
        }
        // The same contents written at once, in another order, by another tree.
        List<Map.Entry<byte[], byte[]>> entries = new ArrayList<>(finalState.entrySet());
        Collections.shuffle(entries, new java.util.Random(5));
        Map<byte[], byte[]> all = new LinkedHashMap<>();
        entries.forEach(e -> all.put(e.getKey(), e.getValue()));
        InMemoryNodeStore fresh = new InMemoryNodeStore();
        TreeUpdate once = new SparseMerkleTree(fresh).update(NodeRef.EMPTY, 7, all);
        assertArrayEquals(root.hash(), once.root().hash());
        assertEquals(finalState.size(), history.leaves(root).size());
    }

    @Test
    void pruningKeepsEveryRetainedVersionReadable() {
        SplittableRandom random = new SplittableRandom(7);
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        TreeMap<byte[], byte[]> model = newModel();
        List<TreeMap<byte[], byte[]>> models = new ArrayList<>();
        List<NodeRef> roots = new ArrayList<>();
        NodeRef root = NodeRef.EMPTY;
        int window = 5;
        int largest = 0;
        for (long version = 1; version <= 60; version++) {
            Map<byte[], byte[]> changes = randomChanges(random, 100, model);
            TreeUpdate update = tree.update(root, version, changes);
            store.apply(update);
            root = update.root();
            roots.add(root);
            changes.forEach((k, v) -> {
                if (v == null) {
                    model.remove(k);
                } else {
                    model.put(k, v);
                }
            });
            TreeMap<byte[], byte[]> snapshot = newModel();
            snapshot.putAll(model);
            models.add(snapshot);
            store.pruneBelow(version - window + 1);
            largest = Math.max(largest, store.nodeCount());
            for (long v = Math.max(1, version - window + 1); v <= version; v++) {
                checkVersion(tree, store.root(v), models.get((int) v - 1), 100, "version " + v + " after " + version);
            }
        }
        // Without pruning 60 versions of ~10 changes over 100 keys would keep thousands of nodes.
        assertTrue(largest < 1500, "stored nodes stay bounded: " + largest);
        NodeRef old = roots.get(60 - window - 10);
        assertThrows(MissingNodeException.class, () -> checkAll(tree, old, 100));
        assertThrows(IllegalArgumentException.class, () -> store.root(60 - window - 10));
    }

    @Test
    void tamperedProofsDoNotVerify() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        Map<byte[], byte[]> changes = new LinkedHashMap<>();
        for (int i = 0; i < 64; i++) {
            changes.put(bytes("key" + i), bytes("value" + i));
        }
        TreeUpdate update = tree.update(NodeRef.EMPTY, 1, changes);
        store.apply(update);
        byte[] root = update.root().hash();

        StateProof present = tree.prove(update.root(), bytes("key5"));
        assertTrue(present.verify(root, bytes("key5"), bytes("value5")));
        assertFalse(present.verify(root, bytes("key5"), bytes("value6")));
        assertFalse(present.verify(root, bytes("key5"), null));
        assertFalse(present.verify(root, bytes("key6"), bytes("value5")));
        byte[] otherRoot = root.clone();
        otherRoot[0] ^= 1;
        assertFalse(present.verify(otherRoot, bytes("key5"), bytes("value5")));

        byte[] encoded = present.encode();
        for (int i = 0; i < encoded.length; i++) {
            byte[] flipped = encoded.clone();
            flipped[i] ^= 0x10;
            boolean accepted;
            try {
                accepted = StateProof.decode(flipped).verify(root, bytes("key5"), bytes("value5"));
            } catch (IllegalArgumentException malformed) {
                accepted = false;
            }
            assertFalse(accepted, "a proof with byte " + i + " changed still verifies");
        }
        assertThrows(
                IllegalArgumentException.class, () -> StateProof.decode(Arrays.copyOf(encoded, encoded.length - 1)));
        assertThrows(
                IllegalArgumentException.class, () -> StateProof.decode(Arrays.copyOf(encoded, encoded.length + 1)));

        StateProof absent = tree.prove(update.root(), bytes("missing"));
        assertTrue(absent.verify(root, bytes("missing"), null));
        assertFalse(absent.verify(root, bytes("missing"), bytes("x")));
        // A non-membership proof for one key says nothing about another on a different path.
        StateProof absentEncoded = StateProof.decode(absent.encode());
        assertTrue(absentEncoded.verify(root, bytes("missing"), null));
    }

    @Test
    void badInputIsRefused() {
        SparseMerkleTree tree = new SparseMerkleTree(new InMemoryNodeStore());
        assertThrows(
                IllegalArgumentException.class,
                () -> tree.update(NodeRef.EMPTY, 1, Map.of(new byte[Node.MAX_KEY_BYTES + 1], bytes("v"))));
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree other = new SparseMerkleTree(store);
        TreeUpdate first = other.update(NodeRef.EMPTY, 5, Map.of(bytes("a"), bytes("1")));
        store.apply(first);
        assertThrows(
                IllegalArgumentException.class, () -> other.update(first.root(), 5, Map.of(bytes("b"), bytes("2"))));
        assertThrows(IllegalArgumentException.class, () -> store.apply(first));
        assertThrows(IllegalArgumentException.class, () -> StateProof.decode(new byte[] {2, 0, 0, 0}));
        assertThrows(IllegalArgumentException.class, () -> StateProof.decode(new byte[] {1, 1, 1, 0}));
        assertThrows(IllegalArgumentException.class, () -> Node.decode(new byte[] {7}));
        assertThrows(IllegalArgumentException.class, () -> NodeKey.decode(new byte[3]));
    }

    @Test
    void encodingsRoundTrip() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        SparseMerkleTree tree = new SparseMerkleTree(store);
        Map<byte[], byte[]> changes = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            changes.put(bytes("k" + i), bytes("v" + i));
        }
        TreeUpdate update = tree.update(NodeRef.EMPTY, 3, changes);
        update.newNodes().forEach((key, node) -> {
            assertEquals(key, NodeKey.decode(key.encode()));
            assertEquals(node, Node.decode(node.encode()));
            assertArrayEquals(node.hash(), Node.decode(node.encode()).hash());
        });
        assertEquals(update.root(), NodeRef.decode(update.root().encode()));
        assertEquals(NodeRef.EMPTY, NodeRef.decode(NodeRef.EMPTY.encode()));
        // Node keys sort as their encodings do (the order RocksDB keeps them in).
        List<NodeKey> keys = new ArrayList<>(update.newNodes().keySet());
        keys.add(new NodeKey(2, 256, TreeHash.sha256(bytes("x"))));
        keys.add(new NodeKey(Long.MAX_VALUE, 0, new byte[32]));
        for (NodeKey a : keys) {
            for (NodeKey b : keys) {
                assertEquals(
                        Integer.signum(Arrays.compareUnsigned(a.encode(), b.encode())),
                        Integer.signum(a.compareTo(b)),
                        a + " vs " + b);
            }
        }
    }

    private static Map<byte[], byte[]> randomChanges(SplittableRandom random, int keySpace, Map<byte[], byte[]> model) {
        Map<byte[], byte[]> changes = new TreeMap<>(Arrays::compareUnsigned);
        int count = 1 + random.nextInt(20);
        for (int i = 0; i < count; i++) {
            byte[] key = bytes("key-" + random.nextInt(keySpace));
            if (random.nextInt(4) == 0) {
                changes.put(key, null);
            } else {
                byte[] value = new byte[random.nextInt(40)];
                random.nextBytes(value);
                changes.put(key, value);
            }
        }
        return changes;
    }

    private static void checkVersion(
            SparseMerkleTree tree, NodeRef root, TreeMap<byte[], byte[]> model, int keySpace, String where) {
        for (int i = 0; i < keySpace; i++) {
            byte[] key = bytes("key-" + i);
            byte[] expected = model.get(key);
            Optional<byte[]> actual = tree.get(root, key);
            assertEquals(expected == null, actual.isEmpty(), where + " key " + i);
            if (expected != null) {
                assertArrayEquals(expected, actual.get(), where + " key " + i);
            }
            StateProof proof = StateProof.decode(tree.prove(root, key).encode());
            assertTrue(proof.verify(root.hash(), key, expected), where + " proof for key " + i);
            if (expected != null) {
                assertFalse(proof.verify(root.hash(), key, null), where + " membership taken for absence");
            }
        }
        assertEquals(model.size(), tree.leaves(root).size(), where);
    }

    private static void checkAll(SparseMerkleTree tree, NodeRef root, int keySpace) {
        for (int i = 0; i < keySpace; i++) {
            tree.get(root, bytes("key-" + i));
        }
    }
}
