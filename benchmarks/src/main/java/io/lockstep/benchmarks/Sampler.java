package io.lockstep.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Warm-up, then timed runs of one operation. Each sample times a single run (the benchmark operations
 * take from microseconds to seconds, far above the clock's resolution), so the median and the spread
 * describe run-to-run variation directly. Samples are taken with {@link SampleClock}; the warm-up and
 * the time budgets are wall-clock.
 *
 * @param warmupNanos how long to run before timing, so that the JIT has compiled the hot code
 * @param minWarmupRuns runs before timing even when they take longer than {@code warmupNanos}
 * @param sampleNanos time budget for the timed runs
 * @param minSamples timed runs even when they take longer than {@code sampleNanos}
 * @param maxSamples timed runs at most
 */
record Sampler(long warmupNanos, int minWarmupRuns, long sampleNanos, int minSamples, int maxSamples) {

    /** Compiled code: long enough warm-up for C2, enough samples for a stable median. */
    static Sampler compiled(boolean quick) {
        return quick
                ? new Sampler(200_000_000L, 3, 200_000_000L, 3, 5)
                : new Sampler(2_500_000_000L, 10, 3_000_000_000L, 10, 40);
    }

    /** Interpreters are 10 to 100 times slower: fewer runs, same budget shape. */
    static Sampler interpreter(boolean quick) {
        return quick ? new Sampler(0, 1, 0, 1, 1) : new Sampler(1_500_000_000L, 1, 4_000_000_000L, 3, 15);
    }

    /**
     * Inference: C2 compiles the kernels within a second; runs last from microseconds (1×768×768) to a
     * few hundred milliseconds (1024³), so the small ones take many samples within the budget.
     */
    static Sampler inference(boolean quick) {
        return quick
                ? new Sampler(100_000_000L, 2, 100_000_000L, 2, 3)
                : new Sampler(1_500_000_000L, 5, 2_000_000_000L, 5, 200);
    }

    /** Inference again, after {@link #inference} has warmed up the same kernels: shorter warm-up. */
    static Sampler inferenceRepeat(boolean quick) {
        return quick
                ? new Sampler(50_000_000L, 1, 50_000_000L, 2, 3)
                : new Sampler(500_000_000L, 3, 1_500_000_000L, 5, 200);
    }

    /** One node at a time (the per-node profile): short, many operations. */
    static Sampler perNode(boolean quick) {
        return quick ? new Sampler(0, 1, 0, 1, 1) : new Sampler(200_000_000L, 3, 300_000_000L, 5, 100);
    }

    /** An operation to time; its result is kept so the JIT cannot drop the work. */
    @FunctionalInterface
    interface Operation {
        long run() throws Exception;
    }

    Samples measure(Operation operation) throws Exception {
        long sink = 0;
        long start = System.nanoTime();
        for (int runs = 0; runs < minWarmupRuns || System.nanoTime() - start < warmupNanos; runs++) {
            sink += operation.run();
        }
        long[] nanos = new long[maxSamples];
        int n = 0;
        start = System.nanoTime();
        while (n < maxSamples && (n < minSamples || System.nanoTime() - start < sampleNanos)) {
            long t0 = SampleClock.now();
            sink += operation.run();
            nanos[n++] = SampleClock.now() - t0;
        }
        Blackhole.consume(sink);
        return new Samples(Arrays.copyOf(nanos, n));
    }

    /**
     * Several operations timed in turns: each is warmed up, then every round times one run of each.
     * On a machine shared with other work, load that comes and goes then slows all of them alike, so
     * their ratios stay meaningful even when their absolute times drift. The time budget is per operation.
     */
    List<Samples> measureInTurns(List<Operation> operations) throws Exception {
        return measureInTurns(operations, SampleClock::now);
    }

    /** {@link #measureInTurns(List)} with samples taken on {@code clock} (nanoseconds). */
    List<Samples> measureInTurns(List<Operation> operations, LongSupplier clock) throws Exception {
        long sink = 0;
        for (Operation operation : operations) {
            long start = System.nanoTime();
            for (int runs = 0; runs < minWarmupRuns || System.nanoTime() - start < warmupNanos; runs++) {
                sink += operation.run();
            }
        }
        int count = operations.size();
        long[][] nanos = new long[count][maxSamples];
        int n = 0;
        long start = System.nanoTime();
        while (n < maxSamples && (n < minSamples || System.nanoTime() - start < sampleNanos * count)) {
            for (int i = 0; i < count; i++) {
                long t0 = clock.getAsLong();
                sink += operations.get(i).run();
                nanos[i][n] = clock.getAsLong() - t0;
            }
            n++;
        }
        Blackhole.consume(sink);
        List<Samples> result = new ArrayList<>();
        for (long[] row : nanos) {
            result.add(new Samples(Arrays.copyOf(row, n)));
        }
        return result;
    }

    /** Keeps a value observably alive without costing anything measurable. */
    static final class Blackhole {
        static volatile long sink;

        private Blackhole() {}

        static void consume(long value) {
            sink ^= value;
        }
    }
}
