package io.lockstep.vm.determinism;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/** Runs a range of seeds on a few threads, each with its own {@link DifferentialRunner}; results in seed order. */
final class SeedRuns {

    private static final int CHUNK = 50;

    /**
     * Results of seeds 0.. already run in this JVM: the differential test and the cross-JVM reference
     * need the same runs, and each takes minutes.
     */
    private static final List<SeedResult> FROM_ZERO = new ArrayList<>();

    private SeedRuns() {}

    /** Seeds [0, to), reusing what this JVM has run before. */
    static synchronized List<SeedResult> fromZero(int to, int threads) {
        if (FROM_ZERO.size() < to) {
            FROM_ZERO.addAll(run(FROM_ZERO.size(), to, threads));
        }
        return List.copyOf(FROM_ZERO.subList(0, to));
    }

    static List<SeedResult> run(long from, long to, int threads) {
        SeedResult[] results = new SeedResult[Math.toIntExact(to - from)];
        AtomicLong next = new AtomicLong(from);
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "differential-driver");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                workers.add(pool.submit(() -> {
                    try (DifferentialRunner runner = new DifferentialRunner()) {
                        long start;
                        while ((start = next.getAndAdd(CHUNK)) < to) {
                            for (long seed = start; seed < Math.min(to, start + CHUNK); seed++) {
                                results[(int) (seed - from)] = runner.run(seed);
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a seed run failed outside the outcome model", e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return List.of(results);
    }

    /** Threads to drive seeds with: the processors, at most four (the VM runs each call on its own thread). */
    static int defaultThreads() {
        return Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }
}
