package io.lockstep.benchmarks;

import io.lockstep.nn.NnThreads;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.RunResult;
import io.lockstep.nn.Tensor;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Task: how fast is deterministic-nn next to ONNX Runtime on the same models and inputs? Each model is
 * prepared once on both engines (weights constant, so both pack them once), checked (ours bit-identical
 * on 1 and 2 threads and across runs, and within tolerance of ORT), then timed in two groups:
 *
 * <ul>
 *   <li>one thread each, ours and ORT in turns, on {@link SampleClock} (CPU time of the measuring
 *       thread by default): the throughput comparison;
 *   <li>ours and ORT on 1 and 2 threads in turns, on the wall clock (a second thread's work is not the
 *       measuring thread's CPU time): the scaling.
 * </ul>
 */
final class InferenceBenchmark {

    /** What one model measured. */
    record Row(
            InferenceWorkload workload,
            long fuel,
            OutputAgreement agreement,
            Samples ours,
            Samples ort,
            Samples oursWall1,
            Samples oursWall2,
            Samples ortWall1,
            Samples ortWall2,
            double oursCores2,
            double ortCores2,
            ThreadUse threadUse,
            List<NodeProfile.NodeTime> profile) {}

    /** CPU time per run of each engine's threads on 1 and 2 threads; null where /proc is missing. */
    record ThreadUse(ThreadCpu.Use ours1, ThreadCpu.Use ours2, ThreadCpu.Use ort1, ThreadCpu.Use ort2) {}

    /** Time per engine and thread count for the per-thread CPU measurement. */
    private static final long THREAD_CPU_NANOS = 500_000_000L;

    /**
     * Wraps a 2-thread operation to add up the process's CPU time and the wall time of its runs: their
     * ratio says how many cores the run really had, which on a shared machine may be well under 2.
     */
    private static final class CoresUsed {
        private static final com.sun.management.OperatingSystemMXBean OS =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        private long cpu;
        private long wall;

        Sampler.Operation around(Sampler.Operation operation) {
            return () -> {
                long c0 = OS.getProcessCpuTime();
                long w0 = System.nanoTime();
                long result = operation.run();
                wall += System.nanoTime() - w0;
                cpu += OS.getProcessCpuTime() - c0;
                return result;
            };
        }

        double cores() {
            return wall == 0 ? Double.NaN : (double) cpu / wall;
        }
    }

    /** Warm-up per model, in CPU time of the measuring thread. */
    private static final long WARMUP_CPU_NANOS = 1_500_000_000L;

    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    private final boolean quick;
    private final String only;

    /** @param only run only the models whose name contains this text (all for the empty string) */
    InferenceBenchmark(boolean quick, String only) {
        this.quick = quick;
        this.only = only;
    }

    List<Row> run() throws Exception {
        List<InferenceWorkload> workloads = InferenceWorkload.all().stream()
                .filter(w -> w.name().contains(only))
                .toList();
        List<Row> rows = new ArrayList<>();
        try (NnThreads two = NnThreads.create(2)) {
            warmUp(workloads, two);
            for (InferenceWorkload w : workloads) {
                System.out.println("nn: " + w.name());
                rows.add(measure(w, two));
            }
        }
        return rows;
    }

    /**
     * Runs every model on our engine, on 1 and 2 threads, for {@link #WARMUP_CPU_NANOS} of this
     * thread's CPU time before anything is timed. The samplers' own warm-up is wall-clock time; on a
     * loaded machine that left a kernel still uncompiled when its timing began (C2 compiles on a
     * background thread that gets its share of the cores too), and the first int8 model measured 3
     * times slower than the same kernel a minute later.
     */
    private void warmUp(List<InferenceWorkload> workloads, NnThreads two) {
        System.out.println("nn: warming up our kernels");
        for (InferenceWorkload w : workloads) {
            PreparedModel model = PreparedModel.prepare(w.graph().toOnnx(), PrepareOptions.DEFAULT);
            long start = CPU.getCurrentThreadCpuTime();
            for (int runs = 0;
                    runs < 2 || (!quick && CPU.getCurrentThreadCpuTime() - start < WARMUP_CPU_NANOS);
                    runs++) {
                model.run(w.inputs(), runs % 4 == 3 ? two : null);
            }
        }
    }

    private Row measure(InferenceWorkload w, NnThreads two) throws Exception {
        byte[] bytes = w.graph().toOnnx();
        Map<String, Tensor> inputs = w.inputs();
        PreparedModel ours = PreparedModel.prepare(bytes, PrepareOptions.DEFAULT);
        try (OnnxRuntimeSession ort1 = new OnnxRuntimeSession(bytes, 1, inputs);
                OnnxRuntimeSession ort2 = new OnnxRuntimeSession(bytes, 2, inputs)) {
            RunResult first = ours.run(inputs);
            checkIdentical(w, first, ours.run(inputs), "a second run on 1 thread");
            checkIdentical(w, first, ours.run(inputs, two), "a run on 2 threads");
            OutputAgreement agreement = OutputAgreement.compare(first.outputs(), ort1.run());
            System.out.println("  fuel " + first.fuelUsed() + ", ours vs ONNX Runtime: " + agreement.describe());
            if (agreement.failure() != null) {
                throw new IllegalStateException(w.name() + ": ours and ONNX Runtime disagree: " + agreement.failure());
            }

            Sampler.Operation ours1 = () -> ours.run(inputs).outputs().size();
            Sampler.Operation ours2 = () -> ours.run(inputs, two).outputs().size();
            List<Samples> single = Sampler.inference(quick).measureInTurns(List.of(ours1, ort1::timedRun));
            System.out.println("  1 thread (" + SampleClock.describe() + "): ours "
                    + single.get(0).describe() + ", ONNX Runtime "
                    + single.get(1).describe());
            CoresUsed oursCores = new CoresUsed();
            CoresUsed ortCores = new CoresUsed();
            List<Samples> wall = Sampler.inferenceRepeat(quick)
                    .measureInTurns(
                            List.of(ours1, oursCores.around(ours2), ort1::timedRun, ortCores.around(ort2::timedRun)),
                            System::nanoTime);
            System.out.println("  wall clock: ours 1 thread " + wall.get(0).describe() + ", 2 threads "
                    + wall.get(1).describe() + "; ONNX Runtime 1 thread "
                    + wall.get(2).describe() + ", 2 threads "
                    + wall.get(3).describe());
            ThreadUse threadUse = null;
            if (ThreadCpu.available()) {
                int oursRuns = runsFor(single.get(0));
                int ortRuns = runsFor(single.get(1));
                List<ThreadCpu.Use> uses = ThreadCpu.measureInTurns(
                        List.of(ours1, ours2, ort1::timedRun, ort2::timedRun),
                        new int[] {oursRuns, oursRuns, ortRuns, ortRuns},
                        quick ? 1 : 4);
                threadUse = new ThreadUse(uses.get(0), uses.get(1), uses.get(2), uses.get(3));
                System.out.println("  busiest thread's CPU per run: ours 1 thread "
                        + Units.time(threadUse.ours1().busiestNanos()) + ", 2 threads "
                        + Units.time(threadUse.ours2().busiestNanos()) + "; ONNX Runtime 1 thread "
                        + Units.time(threadUse.ort1().busiestNanos()) + ", 2 threads "
                        + Units.time(threadUse.ort2().busiestNanos()));
            }
            List<NodeProfile.NodeTime> profile = w.profiled() ? NodeProfile.measure(w, quick) : List.of();
            return new Row(
                    w,
                    first.fuelUsed(),
                    agreement,
                    single.get(0),
                    single.get(1),
                    wall.get(0),
                    wall.get(1),
                    wall.get(2),
                    wall.get(3),
                    oursCores.cores(),
                    ortCores.cores(),
                    threadUse,
                    profile);
        }
    }

    private int runsFor(Samples oneThread) {
        return quick ? 1 : (int) Math.max(3, Math.min(10_000, THREAD_CPU_NANOS / oneThread.median()));
    }

    private static void checkIdentical(InferenceWorkload w, RunResult expected, RunResult actual, String what) {
        if (!expected.outputs().equals(actual.outputs()) || expected.fuelUsed() != actual.fuelUsed()) {
            throw new IllegalStateException(w.name() + ": " + what + " gave other bits or fuel than the first run");
        }
    }
}
