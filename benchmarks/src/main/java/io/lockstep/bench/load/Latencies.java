package io.lockstep.bench.load;

import java.util.Arrays;

/**
 * Latency samples in nanoseconds, every one kept (a run of minutes at thousands per second is a few MB),
 * so percentiles are exact rather than bucketed. Not thread-safe: each thread records into its own and
 * {@link #merge} joins them.
 */
final class Latencies {

    private long[] samples = new long[1024];
    private int size;

    void add(long nanos) {
        if (size == samples.length) {
            samples = Arrays.copyOf(samples, samples.length * 2);
        }
        samples[size++] = nanos;
    }

    int size() {
        return size;
    }

    static Latencies merge(Iterable<Latencies> parts) {
        Latencies all = new Latencies();
        for (Latencies part : parts) {
            for (int i = 0; i < part.size; i++) {
                all.add(part.samples[i]);
            }
        }
        return all;
    }

    Summary summary() {
        long[] sorted = Arrays.copyOf(samples, size);
        Arrays.sort(sorted);
        return new Summary(
                size,
                percentile(sorted, 50),
                percentile(sorted, 90),
                percentile(sorted, 99),
                size == 0 ? 0 : sorted[size - 1]);
    }

    /** Nearest rank: the smallest sample with at least {@code p} percent of the samples at or below it. */
    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    /** Count and percentiles, in nanoseconds (zero when there are no samples). */
    record Summary(long count, long p50, long p90, long p99, long max) {

        String describe() {
            return count == 0
                    ? "no samples"
                    : "p50 " + Units.millis(p50) + ", p90 " + Units.millis(p90) + ", p99 " + Units.millis(p99)
                            + ", max " + Units.millis(max) + " (n=" + count + ")";
        }
    }
}
