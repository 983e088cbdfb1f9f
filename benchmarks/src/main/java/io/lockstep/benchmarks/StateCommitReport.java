package io.lockstep.benchmarks;

import io.lockstep.benchmarks.StateCommitBenchmark.Config;
import io.lockstep.benchmarks.StateCommitBenchmark.Phase;
import io.lockstep.benchmarks.StateCommitBenchmark.Row;
import io.lockstep.node.store.ChainStore;
import java.util.List;
import java.util.Locale;

/** The state commit benchmark's Markdown tables. */
final class StateCommitReport {

    private StateCommitReport() {}

    static String markdown(Config config, List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append(String.format(
                Locale.ROOT,
                "State commit: blocks of %,d state writes (%.0f%% new keys, the rest updates of random"
                        + " existing keys), %d blocks timed per way of updating the tree (1 thread, or 2 with"
                        + " a helper building half the tree), in turns, after %d of warm-up, on a RocksDB"
                        + " `ChainStore` filled in versions of %,d keys and reopened, with %s.%n%n",
                config.writes(),
                100 * config.newShare(),
                config.blocks(),
                config.warmupBlocks(),
                config.loadBatch(),
                describe(config.tuning())));
        double goal = StateCommitBenchmark.GOAL.toNanos();
        md.append("Whole commit, from `update` until `commit()` returned, wall clock:\n\n");
        md.append("| state keys | tree threads | fill | store after | p50 | p99 | max | CPU time p50 | node reads per"
                        + " block (from RocksDB) | new nodes per block | goal ≤ ")
                .append(StateCommitBenchmark.GOAL.toMillis())
                .append(" ms (p50 / p99) |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|:-:|\n");
        for (Row r : rows) {
            Samples wall = r.total().wall();
            md.append(String.format(
                            Locale.ROOT,
                            "| %,d | %d | %d s | %s ",
                            r.keys(),
                            r.threads(),
                            r.load().toSeconds(),
                            mib(r.storeBytes())))
                    .append("| **")
                    .append(Units.time(wall.percentile(0.5)))
                    .append("** | ")
                    .append(Units.time(wall.percentile(0.99)))
                    .append(" | ")
                    .append(Units.time(wall.max()))
                    .append(" | ")
                    .append(Units.time(r.total().cpu().percentile(0.5)))
                    .append(" | ")
                    .append(Units.number(r.nodeReads(), 0))
                    .append(" (")
                    .append(Units.number(r.storeReads(), 0))
                    .append(") | ")
                    .append(Units.number(r.newNodes(), 0))
                    .append(" | ")
                    .append(wall.percentile(0.5) <= goal ? "met" : "missed")
                    .append(" / ")
                    .append(wall.percentile(0.99) <= goal ? "met" : "missed")
                    .append(" |\n");
        }
        md.append("\nThe parts: the tree update (reading the nodes on the changed paths, hashing the new"
                + " ones), building the write batch (encoding nodes and stale records), the synced write;"
                + " wall clock p50 / p99, and CPU time of the committing and helper threads p50:\n\n");
        md.append("| state keys | tree threads | tree update | CPU | write batch | CPU | synced write | CPU |\n");
        md.append("|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %,d | %d ", r.keys(), r.threads()));
            for (Phase phase : List.of(r.tree(), r.batch(), r.commit())) {
                md.append("| ")
                        .append(Units.time(phase.wall().percentile(0.5)))
                        .append(" / ")
                        .append(Units.time(phase.wall().percentile(0.99)))
                        .append(" | ")
                        .append(Units.time(phase.cpu().percentile(0.5)))
                        .append(' ');
            }
            md.append("|\n");
        }
        md.append('\n');
        return md.toString();
    }

    private static String describe(ChainStore.Tuning tuning) {
        return String.format(
                Locale.ROOT,
                "%s and a %s block cache",
                tuning.nodeCacheDepth() < 0 ? "no node cache" : "a node cache down to depth " + tuning.nodeCacheDepth(),
                mib(tuning.blockCacheBytes()));
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }
}
