package io.lockstep.benchmarks;

import io.lockstep.node.store.ChainStore;
import io.lockstep.vm.internal.ExecutionThreads;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Runs the benchmarks and prints a Markdown report (also written to the work directory).
 *
 * <pre>
 * java -jar benchmarks/target/lockstep-benchmarks.jar [engines|fuel|nn|nn-fuel|all] [--quick] [--compiled-only] [--only=TEXT]
 * java -jar benchmarks/target/lockstep-benchmarks.jar state [--quick] [--keys=100000,1000000] [--blocks=500]
 * </pre>
 *
 * <p>{@code all} runs the contract VM and inference benchmarks; {@code state} (block commits on the
 * RocksDB chain store, {@link StateCommitBenchmark}) runs only on its own: it needs no external tools
 * but a few GB of disk and minutes of set-up. {@code --keys} lists its state sizes, {@code --blocks}
 * sets how many blocks it times per size.
 *
 * <p>{@code --only=TEXT}: the inference benchmark runs only the models, and the inference fuel
 * calibration only the probes, whose name contains TEXT (for work on one kernel, e.g. {@code --only=int8}).
 *
 * <p>{@code nn-fuel}: the inference cost table against the contract VM's fuel ({@link NnFuelCalibration}).
 *
 * System properties: {@code lockstep.wat2wasm}, {@code lockstep.node} (tool paths, default: on the PATH),
 * {@code lockstep.bench.work} (work directory, default {@code lockstep-bench} under the temp directory),
 * {@code lockstep.bench.store} ({@code state} only: the store's caches, components of
 * {@link ChainStore.Tuning} such as {@code nodeCacheDepth=-1,blockCacheBytes=33554432}).
 */
public final class BenchmarkMain {

    private BenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        String what = "all";
        boolean quick = false;
        boolean compiledOnly = false;
        String only = "";
        List<Long> stateSizes = List.of(100_000L, 1_000_000L);
        int stateBlocks = 0;
        for (String arg : args) {
            if (arg.startsWith("--blocks=")) {
                stateBlocks = parseCount(arg.substring("--blocks=".length()));
            } else if (arg.startsWith("--keys=")) {
                stateSizes = parseSizes(arg.substring("--keys=".length()));
            } else if (arg.startsWith("--only=")) {
                only = arg.substring("--only=".length());
            } else if (arg.equals("--quick")) {
                quick = true;
            } else if (arg.equals("--compiled-only")) {
                compiledOnly = true;
            } else if (List.of("engines", "fuel", "nn", "nn-fuel", "all", "state")
                    .contains(arg)) {
                what = arg;
            } else {
                System.err.println("usage: [engines|fuel|nn|nn-fuel|all] [--quick] [--compiled-only] [--only=TEXT]"
                        + " | state [--quick] [--keys=N,N...] [--blocks=N]");
                System.exit(2);
            }
        }
        Path work = Path.of(System.getProperty(
                "lockstep.bench.work",
                Path.of(System.getProperty("java.io.tmpdir"), "lockstep-bench").toString()));
        if (what.equals("state")) {
            runState(quick, stateSizes, stateBlocks, work);
            return;
        }
        if (List.of("nn", "nn-fuel", "all").contains(what) && !MachineDescription.vectorModule()) {
            System.err.println("warning: the JVM was started without --add-modules jdk.incubator.vector, so"
                    + " deterministic-nn's matrix products run their slower column loops (same bits)");
        }
        ExternalTools tools = new ExternalTools(work);
        StringBuilder report = new StringBuilder();
        report.append("Measured on:\n\n")
                .append(MachineDescription.describe(tools))
                .append('\n');
        long start = System.nanoTime();
        // One worker with a big stack, like the contract VM's own: all wasm runs on it.
        try (ExecutionThreads threads = new ExecutionThreads(1, 512L * 1024 * 1024, Duration.ofHours(1))) {
            if (what.equals("engines") || what.equals("all")) {
                List<EngineBenchmark.Row> rows = new EngineBenchmark(tools, quick, compiledOnly, threads).run();
                report.append(EngineReport.markdown(rows)).append('\n');
            }
            if (what.equals("fuel") || what.equals("all")) {
                report.append(new FuelCalibration(tools, quick, threads).run()).append('\n');
            }
            if (what.equals("nn-fuel") || what.equals("all")) {
                report.append(NnFuelReport.markdown(new NnFuelCalibration(tools, quick, threads, only).run()))
                        .append('\n');
            }
        }
        if (what.equals("nn") || what.equals("all")) {
            // Inference runs on this thread: deterministic-nn needs no big stack, and ORT's one-thread
            // sessions compute on the caller.
            report.append(InferenceReport.markdown(new InferenceBenchmark(quick, only).run()))
                    .append("Load average at the end of the inference benchmark (1, 5, 15 min): ")
                    .append(MachineDescription.loadAverage())
                    .append("\n\n");
        }
        report.append(String.format(
                "Whole run: %d s%s.%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), quick ? " (--quick)" : ""));
        write(work, report);
    }

    private static void runState(boolean quick, List<Long> sizes, int blocks, Path work) throws Exception {
        Files.createDirectories(work);
        StringBuilder report = new StringBuilder();
        report.append("Measured on:\n\n")
                .append(MachineDescription.describeStore(work))
                .append('\n');
        long start = System.nanoTime();
        ChainStore.Tuning tuning = RecordOverrides.apply(
                ChainStore.Tuning.class, ChainStore.Tuning.DEFAULT, System.getProperty("lockstep.bench.store", ""));
        StateCommitBenchmark.Config config = StateCommitBenchmark.Config.standard(quick, sizes, work, tuning);
        if (blocks > 0) {
            config = config.withBlocks(blocks);
        }
        report.append(StateCommitReport.markdown(config, new StateCommitBenchmark(config).run()))
                .append("Load average at the end (1, 5, 15 min): ")
                .append(MachineDescription.loadAverage())
                .append("\n\n");
        report.append(String.format(
                "Whole run: %d s%s.%n",
                Duration.ofNanos(System.nanoTime() - start).toSeconds(), quick ? " (--quick)" : ""));
        write(work, report);
    }

    private static int parseCount(String count) {
        try {
            int blocks = Integer.parseInt(count);
            if (blocks < 1) {
                throw new IllegalArgumentException("--blocks wants a positive number, got " + count);
            }
            return blocks;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--blocks wants a number of blocks, got " + count, e);
        }
    }

    private static List<Long> parseSizes(String list) {
        try {
            List<Long> sizes =
                    Arrays.stream(list.split(",")).map(Long::parseLong).toList();
            for (long size : sizes) {
                if (size < 1_000) {
                    throw new IllegalArgumentException("a state of " + size + " keys is too small for blocks of"
                            + " 1,000 writes; give at least 1000");
                }
            }
            return sizes;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--keys wants comma-separated key counts, got " + list, e);
        }
    }

    private static void write(Path work, CharSequence report) throws Exception {
        Path out = work.resolve("report.md");
        Files.writeString(out, report, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(report);
        System.out.println("report written to " + out);
    }
}
