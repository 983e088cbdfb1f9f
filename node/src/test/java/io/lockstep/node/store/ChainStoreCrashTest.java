package io.lockstep.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.state.InMemoryNodeStore;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.StateProof;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a process that commits versions with SIGKILL at random moments, many times, and checks after
 * each restart that every version it reported committed is there whole: its block record, its state
 * root (equal to the root of the state regenerated from the workload), proofs against it, and that the
 * latest version never goes back.
 */
class ChainStoreCrashTest {

    private static final long SEED = 11;
    private static final int KILLS = 12;

    @TempDir
    Path dir;

    @Test
    void killedWritersLoseNothingCommitted() throws Exception {
        SplittableRandom random = new SplittableRandom(2026);
        long highestSeen = -1;
        for (int round = 0; round < KILLS; round++) {
            Process writer = new ProcessBuilder(
                            ProcessHandle.current().info().command().orElse("java"),
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashingWriter.class.getName(),
                            dir.toString(),
                            Long.toString(SEED))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long reported = -1;
            int target = 1 + random.nextInt(40);
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                int seen = 0;
                while (seen < target && (line = out.readLine()) != null) {
                    reported = Long.parseLong(line.substring("committed ".length()));
                    seen++;
                }
                // Let it run on for a random moment, then kill it mid-whatever.
                Thread.sleep(random.nextInt(30));
                // SIGKILL; the lines it printed after the last one read here are not counted, which only
                // makes the check below weaker, never wrong.
                writer.destroyForcibly();
            }
            assertTrue(writer.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
            assertTrue(reported >= 0, "round " + round + ": the writer committed nothing (did it start?)");

            try (ChainStore store = ChainStore.open(dir)) {
                long latest = store.latestVersion();
                assertTrue(
                        latest >= reported, "round " + round + ": reported " + reported + " but latest is " + latest);
                assertTrue(latest >= highestSeen, "round " + round + ": the height went back");
                highestSeen = latest;
                check(store, latest);
                check(store, Math.max(store.oldestVersion(), latest - 5));
            }
        }
    }

    private static void check(ChainStore store, long version) {
        TreeMap<byte[], byte[]> expected = StoreWorkload.stateAfter(SEED, version);
        NodeRef root = store.stateRoot(version);
        Map<byte[], byte[]> all = new TreeMap<>(java.util.Arrays::compareUnsigned);
        all.putAll(expected);
        byte[] expectedRoot = new SparseMerkleTree(new InMemoryNodeStore())
                .update(NodeRef.EMPTY, 1, all)
                .root()
                .hash();
        assertArrayEquals(expectedRoot, root.hash(), "state root of version " + version);
        SparseMerkleTree tree = new SparseMerkleTree(store);
        assertEquals(expected.size(), tree.leaves(root).size(), "keys at version " + version);
        for (int i = 0; i < StoreWorkload.KEYS; i += 37) {
            byte[] key = ("account-" + i).getBytes(StandardCharsets.UTF_8);
            assertTrue(
                    tree.prove(root, key).verify(root.hash(), key, expected.get(key)),
                    "proof for key " + i + " at version " + version);
        }
        assertArrayEquals(
                ("block " + version).getBytes(StandardCharsets.UTF_8),
                store.get(ChainStore.Column.BLOCKS, Bytes.longKey(version)),
                "block record " + version);
    }

    @Test
    void reopeningKeepsVersionsAndRefusesPrunedOnes() throws IOException {
        SparseMerkleTree tree;
        try (ChainStore store = ChainStore.open(dir)) {
            tree = new SparseMerkleTree(store);
            NodeRef root = NodeRef.EMPTY;
            for (long v = 0; v < 30; v++) {
                var update = tree.update(root, v, StoreWorkload.changes(3, v));
                try (ChainStore.Batch batch = store.batch(v)) {
                    batch.putState(update).commit();
                }
                root = update.root();
            }
            store.pruneBelow(20);
        }
        try (ChainStore store = ChainStore.open(dir)) {
            assertEquals(29, store.latestVersion());
            assertEquals(20, store.oldestVersion());
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.stateRoot(19));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.stateRoot(30));
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> store.batch(29));
            SparseMerkleTree reopened = new SparseMerkleTree(store);
            for (long v = 20; v <= 29; v++) {
                NodeRef root = store.stateRoot(v);
                TreeMap<byte[], byte[]> expected = new TreeMap<>(java.util.Arrays::compareUnsigned);
                for (long u = 0; u <= v; u++) {
                    StoreWorkload.changes(3, u).forEach((k, value) -> {
                        if (value == null) {
                            expected.remove(k);
                        } else {
                            expected.put(k, value);
                        }
                    });
                }
                assertEquals(expected.size(), reopened.leaves(root).size(), "version " + v);
                byte[] key = "account-1".getBytes(StandardCharsets.UTF_8);
                StateProof proof = reopened.prove(root, key);
                assertTrue(proof.verify(root.hash(), key, expected.get(key)));
            }
        }
    }
}
