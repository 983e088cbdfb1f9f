package io.lockstep.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An update that builds half the tree on a helper thread is the update built on one thread, node for node. */
class HelperUpdateTest {

    private ExecutorService helper;

    @BeforeEach
    void startHelper() {
        helper = Executors.newSingleThreadExecutor(task -> new Thread(task, "tree-helper"));
    }

    @AfterEach
    void stopHelper() {
        helper.shutdownNow();
    }

    @Test
    void randomHistoriesGiveTheSameUpdates() {
        for (long seed = 1; seed <= 8; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            InMemoryNodeStore store = new InMemoryNodeStore();
            SparseMerkleTree alone = new SparseMerkleTree(store);
            SparseMerkleTree helped = new SparseMerkleTree(store, helper);
            NodeRef root = NodeRef.EMPTY;
            int keySpace = 2 + random.nextInt(600);
            for (long version = 1; version <= 25; version++) {
                Map<byte[], byte[]> changes = changes(random, keySpace);
                TreeUpdate expected = alone.update(root, version, changes);
                TreeUpdate actual = helped.update(root, version, changes);
                String where = "seed " + seed + " version " + version;
                assertEquals(expected.root(), actual.root(), where);
                assertEquals(
                        new ArrayList<>(expected.newNodes().entrySet()),
                        new ArrayList<>(actual.newNodes().entrySet()),
                        where);
                assertEquals(expected.staleNodes(), actual.staleNodes(), where);
                store.apply(actual);
                root = actual.root();
            }
        }
    }

    @Test
    void theHelpersFailureIsTheUpdatesFailure() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        Map<byte[], byte[]> initial = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            initial.put(bytes("k" + i), bytes("v" + i));
        }
        TreeUpdate first = new SparseMerkleTree(store).update(NodeRef.EMPTY, 1, initial);
        store.apply(first);
        // A reader that has lost every node below the root's left child, as a pruned store would.
        AtomicReference<String> readBy = new AtomicReference<>();
        NodeReader damaged = key -> {
            if (key.depth() > 0 && key.pathBits() >>> (key.depth() - 1) == 0) {
                readBy.set(Thread.currentThread().getName());
                throw new MissingNodeException(key);
            }
            return store.node(key);
        };
        Map<byte[], byte[]> everywhere = new HashMap<>();
        for (int i = 0; i < 64; i++) {
            everywhere.put(bytes("k" + i), bytes("w" + i));
        }
        SparseMerkleTree helped = new SparseMerkleTree(damaged, helper);
        assertThrows(MissingNodeException.class, () -> helped.update(first.root(), 2, everywhere));
        assertEquals("tree-helper", readBy.get(), "the left half is the helper's");
    }

    @Test
    void anUpdateOfOneHalfAndAHelperRunningInlineGiveTheSameUpdate() {
        InMemoryNodeStore store = new InMemoryNodeStore();
        TreeUpdate first = new SparseMerkleTree(store)
                .update(NodeRef.EMPTY, 1, Map.of(bytes("a"), bytes("1"), bytes("b"), bytes("2")));
        store.apply(first);
        // sha256("a") starts with bit 1, sha256("b") with bit 0: changing "a" leaves the left half alone.
        Map<byte[], byte[]> change = Map.of(bytes("a"), bytes("3"));
        TreeUpdate alone = new SparseMerkleTree(store).update(first.root(), 2, change);
        for (SparseMerkleTree helped :
                List.of(new SparseMerkleTree(store, helper), new SparseMerkleTree(store, Runnable::run))) {
            TreeUpdate update = helped.update(first.root(), 2, change);
            assertEquals(alone.root(), update.root());
            assertEquals(
                    new ArrayList<>(alone.newNodes().keySet()),
                    new ArrayList<>(update.newNodes().keySet()));
            assertEquals(alone.staleNodes(), update.staleNodes());
        }
    }

    private static Map<byte[], byte[]> changes(SplittableRandom random, int keySpace) {
        Map<byte[], byte[]> changes = new java.util.TreeMap<>(java.util.Arrays::compareUnsigned);
        int count = 1 + random.nextInt(random.nextInt(4) == 0 ? 400 : 30);
        for (int i = 0; i < count; i++) {
            byte[] key = bytes("key-" + random.nextInt(keySpace));
            if (random.nextInt(3) == 0) {
                changes.put(key, null);
            } else {
                byte[] value = new byte[1 + random.nextInt(40)];
                random.nextBytes(value);
                changes.put(key, value);
            }
        }
        return changes;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
