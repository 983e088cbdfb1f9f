package io.lockstep.benchmarks;

import io.lockstep.core.state.Node;
import io.lockstep.core.state.NodeKey;
import io.lockstep.core.state.NodeReader;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import io.lockstep.node.store.ChainStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * Task: how long does the node take to commit a block's state, on the RocksDB store, with a state of
 * realistic size? For each state size: a fresh {@link ChainStore} in the work directory is filled with
 * that many keys (large batches, one version each), closed and reopened (as a restarted node: empty
 * caches, memtable flushed), then blocks of {@code writes} changes ({@code newShare} of them new keys,
 * the rest updates of random existing keys) are committed the way the node commits one: {@link
 * SparseMerkleTree#update} on the previous root, then {@code store.batch(height).putState(update)} with
 * the block's own records, then {@link ChainStore.Batch#commit()} (synced write-ahead log).
 *
 * <p>A plain harness rather than JMH: every sample needs the previous block's root and a new version,
 * the store grows as it runs (as a node's does), and the setup takes minutes; what we want is the
 * distribution of single commits, which JMH's per-invocation setup is not made for. The goal is on the
 * wall clock ({@link System#nanoTime()}): the synced write waits on the disk, which CPU time does not
 * count; the CPU time of the committing and helper threads is reported beside it ({@link Phase}).
 */
final class StateCommitBenchmark {

    /** The goal of the node issue: one block's commit of 1,000 state writes. */
    static final Duration GOAL = Duration.ofMillis(50);

    /** The block's own records (header, transactions, receipts, an index entry): a few KB, as in the node. */
    private static final int BLOCK_BYTES = 4096;

    private static final int RECEIPT_BYTES = 2048;

    /**
     * What to run.
     *
     * @param sizes state sizes, in keys
     * @param loadBatch keys per version while filling the state
     * @param warmupBlocks blocks committed before timing (JIT, caches)
     * @param blocks blocks timed per way of updating the tree (one thread, two threads), in turns
     * @param writes state writes per block
     * @param newShare the share of a block's writes that create keys
     * @param seed of the keys, values and block choices
     * @param work directory under which each size gets a fresh store (deleted afterwards)
     * @param tuning the store's caches
     */
    record Config(
            List<Long> sizes,
            int loadBatch,
            int warmupBlocks,
            int blocks,
            int writes,
            double newShare,
            long seed,
            Path work,
            ChainStore.Tuning tuning) {

        static Config standard(boolean quick, List<Long> sizes, Path work, ChainStore.Tuning tuning) {
            return quick
                    ? new Config(sizes, 50_000, 5, 20, 1_000, 0.3, 2026, work, tuning)
                    : new Config(sizes, 50_000, 100, 500, 1_000, 0.3, 2026, work, tuning);
        }

        Config withBlocks(int timed) {
            if (timed < 1) {
                throw new IllegalArgumentException("at least one block must be timed, got " + timed);
            }
            return new Config(sizes, loadBatch, warmupBlocks, timed, writes, newShare, seed, work, tuning);
        }
    }

    /**
     * What one state size measured with one way of updating the tree; times per block.
     *
     * @param threads threads updating the tree: 1, or 2 when a helper thread builds half of it
     * @param total from {@code update} until {@code commit} returned
     * @param tree the tree update: reading the nodes on the changed paths, hashing the new ones
     * @param batch encoding the new nodes, stale records and block records into the write batch
     * @param commit the synced write of the batch
     * @param nodeReads nodes the tree read per block, from the store's node cache or RocksDB
     * @param storeReads of those, the ones read from RocksDB
     * @param newNodes nodes written per block
     */
    record Row(
            long keys,
            int threads,
            Duration load,
            long storeBytes,
            Phase total,
            Phase tree,
            Phase batch,
            Phase commit,
            double nodeReads,
            double storeReads,
            double newNodes) {}

    /**
     * One part of a block's commit, per block: wall-clock time, and the CPU time of the committing
     * thread and the tree's helper thread (RocksDB writes the log and the memtable on the caller's
     * thread). On a machine shared with other work the wall clock also counts the time the threads
     * waited for a core; CPU time does not, nor the wait for the disk.
     */
    record Phase(Samples wall, Samples cpu) {}

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private final Config config;

    StateCommitBenchmark(Config config) {
        this.config = config;
    }

    List<Row> run() throws IOException {
        List<Row> rows = new ArrayList<>();
        for (long size : config.sizes()) {
            rows.addAll(measure(size));
        }
        return rows;
    }

    /** Per-block marks of one way of updating the tree: before the update, after it, after the batch is built, after the commit. */
    private static final class Timings {
        final long[][] wall;
        final long[][] cpu;
        long reads;
        long storeReads;
        long written;

        Timings(int blocks) {
            wall = new long[4][blocks];
            cpu = new long[4][blocks];
        }

        void mark(int mark, int sample, long helperThread) {
            wall[mark][sample] = System.nanoTime();
            cpu[mark][sample] = THREADS.getCurrentThreadCpuTime() + THREADS.getThreadCpuTime(helperThread);
        }

        Phase phase(int from, int to) {
            long[] wallTimes = new long[wall[0].length];
            long[] cpuTimes = new long[cpu[0].length];
            for (int i = 0; i < wallTimes.length; i++) {
                wallTimes[i] = wall[to][i] - wall[from][i];
                cpuTimes[i] = cpu[to][i] - cpu[from][i];
            }
            return new Phase(Samples.of(wallTimes), Samples.of(cpuTimes));
        }
    }

    private List<Row> measure(long size) throws IOException {
        Path dir = config.work().resolve("state-" + size);
        deleteTree(dir);
        StateWorkload workload = new StateWorkload(config.seed());
        long loadStart = System.nanoTime();
        NodeRef root = NodeRef.EMPTY;
        long version = 0;
        try (ChainStore store = ChainStore.open(dir, config.tuning())) {
            SparseMerkleTree tree = new SparseMerkleTree(store);
            while (workload.keyCount() < size) {
                int count = (int) Math.min(config.loadBatch(), size - workload.keyCount());
                TreeUpdate update = tree.update(root, version, workload.newKeys(count));
                try (ChainStore.Batch batch = store.batch(version)) {
                    batch.putState(update).commit();
                }
                root = update.root();
                version++;
                System.err.printf("state %d: %d keys loaded%n", size, workload.keyCount());
            }
        }
        Duration load = Duration.ofNanos(System.nanoTime() - loadStart);
        System.err.printf("state %d: loaded in %d s%n", size, load.toSeconds());

        int newKeys = (int) Math.round(config.writes() * config.newShare());
        ExecutorService helper = Executors.newSingleThreadExecutor(task -> {
            Thread thread = new Thread(task, "state-tree-helper");
            thread.setDaemon(true);
            return thread;
        });
        try (ChainStore store = ChainStore.open(dir, config.tuning())) {
            long helperThread =
                    helper.submit(() -> Thread.currentThread().getId()).get();
            CountingReader reader = new CountingReader(store);
            List<SparseMerkleTree> trees = List.of(new SparseMerkleTree(reader), new SparseMerkleTree(reader, helper));
            List<Timings> timings = List.of(new Timings(config.blocks()), new Timings(config.blocks()));
            if (!store.stateRoot(version - 1).equals(root)) {
                throw new IllegalStateException("the reopened store's root differs from the one committed");
            }
            // The two ways take turns, block by block, on the same growing store.
            int runs = config.warmupBlocks() + 2 * config.blocks();
            for (int i = 0; i < runs; i++, version++) {
                Map<byte[], byte[]> changes = workload.block(config.writes(), newKeys);
                byte[] blockRecord = workload.blockRecord(BLOCK_BYTES);
                byte[] receipts = workload.blockRecord(RECEIPT_BYTES);
                byte[] height = ByteBuffer.allocate(Long.BYTES).putLong(version).array();
                int way = i % 2;
                int sample = Math.max(0, i - config.warmupBlocks()) / 2;
                Timings t = timings.get(way);
                long readsBefore = reader.reads.sum();
                long storeReadsBefore = store.nodeCacheStats().misses();

                t.mark(0, sample, helperThread);
                TreeUpdate update = trees.get(way).update(root, version, changes);
                t.mark(1, sample, helperThread);
                try (ChainStore.Batch batch = store.batch(version)) {
                    batch.putState(update)
                            .put(ChainStore.Column.BLOCKS, height, blockRecord)
                            .put(ChainStore.Column.RECEIPTS, height, receipts)
                            .put(ChainStore.Column.INDEXES, update.root().hash(), height);
                    t.mark(2, sample, helperThread);
                    batch.commit();
                }
                t.mark(3, sample, helperThread);

                root = update.root();
                if (i >= config.warmupBlocks()) {
                    t.reads += reader.reads.sum() - readsBefore;
                    t.storeReads += store.nodeCacheStats().misses() - storeReadsBefore;
                    t.written += update.newNodes().size();
                }
                if ((i + 1) % 100 == 0) {
                    System.err.printf("state %d: %d blocks committed%n", size, i + 1);
                }
            }
            long storeBytes = directorySize(dir);
            List<Row> rows = new ArrayList<>();
            for (int way = 0; way < 2; way++) {
                Timings t = timings.get(way);
                rows.add(new Row(
                        size,
                        way + 1,
                        load,
                        storeBytes,
                        t.phase(0, 3),
                        t.phase(0, 1),
                        t.phase(1, 2),
                        t.phase(2, 3),
                        (double) t.reads / config.blocks(),
                        (double) t.storeReads / config.blocks(),
                        (double) t.written / config.blocks()));
            }
            return rows;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the helper thread did not start", e);
        } finally {
            helper.shutdownNow();
            deleteTree(dir);
        }
    }

    /** Counts the tree's node reads, passing them to the store. */
    private static final class CountingReader implements NodeReader {
        private final NodeReader store;
        final LongAdder reads = new LongAdder();

        CountingReader(NodeReader store) {
            this.store = store;
        }

        @Override
        public Node node(NodeKey key) {
            reads.increment();
            return store.node(key);
        }
    }

    private static long directorySize(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(file -> {
                        try {
                            return Files.size(file);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    .sum();
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }
}
