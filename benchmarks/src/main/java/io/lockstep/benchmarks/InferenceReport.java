package io.lockstep.benchmarks;

import io.lockstep.benchmarks.InferenceBenchmark.Row;
import io.lockstep.benchmarks.NodeProfile.NodeTime;
import io.lockstep.nn.PreparedModel;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The inference benchmark's Markdown tables. */
final class InferenceReport {

    /** The goal: at least half of ONNX Runtime's single-thread throughput. */
    static final double GOAL = 0.5;

    private InferenceReport() {}

    static String markdown(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Inference: deterministic-nn (kernel set ")
                .append(PreparedModel.KERNEL_SET)
                .append(", `PreparedModel.run`) beside ONNX Runtime ")
                .append(OnnxRuntimeSession.version())
                .append(" for Java (CPU execution provider, graph optimization level ")
                .append(OnnxRuntimeSession.OPTIMIZATION)
                .append(", sequential execution, inter-op threads 1, intra-op spinning off).\n\n");
        md.append("One thread each, timed in turns; ")
                .append(SampleClock.describe())
                .append(", median ± half the interquartile range (n samples). Throughput counts the matrix"
                        + " products and convolutions only (GFLOP = 2 × MACs; GMAC for int8).\n\n");
        md.append(
                        "| model | work per run | fuel per run | ours, 1 thread | ONNX Runtime, 1 thread | ours | ONNX Runtime"
                                + " | ours / ORT throughput | goal ≥ ")
                .append(Units.ratio(GOAL))
                .append(" | ours vs ORT outputs |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|:-:|---|\n");
        double[] ratios = new double[rows.size()];
        int met = 0;
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            InferenceWorkload w = r.workload();
            double ratio = r.ort().median() / r.ours().median();
            ratios[i] = ratio;
            met += ratio >= GOAL ? 1 : 0;
            md.append("| ")
                    .append(w.name())
                    .append(" | ")
                    .append(Units.number(w.giga(), 3))
                    .append(w.integer() ? " GMAC" : " GFLOP")
                    .append(" | ")
                    .append(r.fuel())
                    .append(" | ")
                    .append(r.ours().describe())
                    .append(" | ")
                    .append(r.ort().describe())
                    .append(" | ")
                    .append(throughput(w, r.ours()))
                    .append(" | ")
                    .append(throughput(w, r.ort()))
                    .append(" | **")
                    .append(Units.ratio(ratio))
                    .append("** | ")
                    .append(ratio >= GOAL ? "met" : "missed")
                    .append(" | ")
                    .append(r.agreement().describe())
                    .append(" |\n");
        }
        md.append('\n')
                .append(String.format(
                        Locale.ROOT,
                        "Goal met on %d of %d models; geometric mean of ours / ORT throughput: **%s**.%n%n",
                        met,
                        rows.size(),
                        Units.ratio(Units.geomean(ratios))));

        md.append("Scaling, wall-clock time (1 and 2 threads of both engines timed in turns; ours is"
                + " bit-identical on both). `cores` is the process's CPU time over the wall time of the"
                + " 2-thread runs: how much of the 2 cores the run actually got.\n\n");
        md.append("| model | ours, 1 thread | ours, 2 threads | ours 1 / 2 threads (cores) | ORT, 1 thread"
                + " | ORT, 2 threads | ORT 1 / 2 threads (cores) | ours / ORT throughput, 2 threads |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            md.append("| ")
                    .append(r.workload().name())
                    .append(" | ")
                    .append(r.oursWall1().describe())
                    .append(" | ")
                    .append(r.oursWall2().describe())
                    .append(" | ")
                    .append(Units.ratio(r.oursWall1().median() / r.oursWall2().median()))
                    .append(" (")
                    .append(Units.number(r.oursCores2(), 2))
                    .append(") | ")
                    .append(r.ortWall1().describe())
                    .append(" | ")
                    .append(r.ortWall2().describe())
                    .append(" | ")
                    .append(Units.ratio(r.ortWall1().median() / r.ortWall2().median()))
                    .append(" (")
                    .append(Units.number(r.ortCores2(), 2))
                    .append(") | ")
                    .append(Units.ratio(r.ortWall2().median() / r.oursWall2().median()))
                    .append(" |\n");
        }
        md.append('\n');
        if (rows.stream().allMatch(r -> r.threadUse() != null)) {
            md.append(threadCpuTable(rows));
        }
        for (Row r : rows) {
            if (!r.profile().isEmpty()) {
                md.append(profile(r));
            }
        }
        return md.toString();
    }

    private static String threadCpuTable(List<Row> rows) {
        StringBuilder md = new StringBuilder();
        md.append("Scaling from the CPU time of each thread (Linux schedstat; the threads that run inference:"
                + " the measuring thread, our worker, ORT's native pool; not the JIT or GC; mean over about 0.5 s"
                + " of runs per cell, the four cells of a model in turns over four rounds). The busiest thread's CPU time per"
                + " run is what the run would take with a core per thread and no waiting: an estimate of the"
                + " scaling on an idle machine that the load cannot distort (it leaves out wake-up latency and"
                + " two threads' contention for memory). `all threads` is the CPU time of every thread with 2"
                + " threads over that with 1: the work that parallelism adds.\n\n");
        md.append("| model | ours: busiest thread, 1 → 2 threads | ours speed-up | ours all threads, 2 / 1"
                + " | ORT: busiest thread, 1 → 2 threads | ORT speed-up | ORT all threads, 2 / 1"
                + " | ours / ORT throughput, 2 threads |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Row r : rows) {
            InferenceBenchmark.ThreadUse u = r.threadUse();
            md.append("| ")
                    .append(r.workload().name())
                    .append(" | ")
                    .append(Units.time(u.ours1().busiestNanos()))
                    .append(" → ")
                    .append(Units.time(u.ours2().busiestNanos()))
                    .append(" | ")
                    .append(Units.ratio(u.ours1().busiestNanos() / u.ours2().busiestNanos()))
                    .append(" | ")
                    .append(Units.ratio(u.ours2().totalNanos() / u.ours1().totalNanos()))
                    .append(" | ")
                    .append(Units.time(u.ort1().busiestNanos()))
                    .append(" → ")
                    .append(Units.time(u.ort2().busiestNanos()))
                    .append(" | ")
                    .append(Units.ratio(u.ort1().busiestNanos() / u.ort2().busiestNanos()))
                    .append(" | ")
                    .append(Units.ratio(u.ort2().totalNanos() / u.ort1().totalNanos()))
                    .append(" | ")
                    .append(Units.ratio(u.ort2().busiestNanos() / u.ours2().busiestNanos()))
                    .append(" |\n");
        }
        return md.append('\n').toString();
    }

    private static String throughput(InferenceWorkload w, Samples s) {
        return Units.number(w.giga() / (s.median() / 1e9), 1) + " " + w.unit();
    }

    private static String profile(Row r) {
        List<NodeTime> nodes = r.profile();
        double oursTotal = nodes.stream().mapToDouble(n -> n.ours().median()).sum();
        double ortTotal = nodes.stream().mapToDouble(n -> n.ort().median()).sum();
        StringBuilder md = new StringBuilder();
        md.append("Per-node profile of the ")
                .append(r.workload().name())
                .append(": each node cut out as a model of its own and timed alone, one thread, ")
                .append(SampleClock.describe())
                .append(", in turns with ONNX Runtime (which then cannot fuse across nodes). Sum of the nodes:"
                        + " ours ")
                .append(Units.time(oursTotal))
                .append(" (whole model ")
                .append(Units.time(r.ours().median()))
                .append("), ONNX Runtime ")
                .append(Units.time(ortTotal))
                .append(" (whole model ")
                .append(Units.time(r.ort().median()))
                .append(").\n\n");
        Map<String, double[]> byOp = new LinkedHashMap<>();
        for (NodeTime n : nodes) {
            double[] t = byOp.computeIfAbsent(n.opType(), k -> new double[4]);
            t[0] += 1;
            t[1] += n.ours().median();
            t[2] += n.ort().median();
            t[3] += n.macs();
        }
        md.append("| operator | nodes | ours | share of ours | ORT | share of ORT | ours / ORT time | ours GFLOP/s"
                + " | ORT GFLOP/s |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        byOp.entrySet().stream()
                .sorted((a, b) -> Double.compare(b.getValue()[1], a.getValue()[1]))
                .forEach(e -> {
                    double[] t = e.getValue();
                    md.append("| ")
                            .append(e.getKey())
                            .append(" | ")
                            .append((int) t[0])
                            .append(" | ")
                            .append(Units.time(t[1]))
                            .append(" | ")
                            .append(percent(t[1] / oursTotal))
                            .append(" | ")
                            .append(Units.time(t[2]))
                            .append(" | ")
                            .append(percent(t[2] / ortTotal))
                            .append(" | ")
                            .append(Units.ratio(t[1] / t[2]))
                            .append(" | ")
                            .append(t[3] == 0 ? "" : Units.number(2 * t[3] / t[1], 1))
                            .append(" | ")
                            .append(t[3] == 0 ? "" : Units.number(2 * t[3] / t[2], 1))
                            .append(" |\n");
                });
        md.append("\n<details><summary>every node</summary>\n\n");
        md.append("| node (output) | operator | MACs | ours | ORT | ours / ORT time |\n");
        md.append("|---|---|---:|---:|---:|---:|\n");
        for (NodeTime n : nodes) {
            md.append("| ")
                    .append(n.output())
                    .append(" | ")
                    .append(n.opType())
                    .append(" | ")
                    .append(n.macs())
                    .append(" | ")
                    .append(n.ours().describe())
                    .append(" | ")
                    .append(n.ort().describe())
                    .append(" | ")
                    .append(Units.ratio(n.ours().median() / n.ort().median()))
                    .append(" |\n");
        }
        md.append("\n</details>\n\n");
        return md.toString();
    }

    private static String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
