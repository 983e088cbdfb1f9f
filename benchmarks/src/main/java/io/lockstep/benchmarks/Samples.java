package io.lockstep.benchmarks;

import java.util.Arrays;
import java.util.Locale;

/** Wall-clock times of repeated runs of one operation, in nanoseconds, with the statistics we report. */
record Samples(long[] nanos) {

    Samples {
        if (nanos.length == 0) {
            throw new IllegalArgumentException("no samples");
        }
        nanos = nanos.clone();
        Arrays.sort(nanos);
    }

    static Samples of(long... nanos) {
        return new Samples(nanos);
    }

    double median() {
        int n = nanos.length;
        return n % 2 == 1 ? nanos[n / 2] : (nanos[n / 2 - 1] + nanos[n / 2]) / 2.0;
    }

    long min() {
        return nanos[0];
    }

    /** The nearest-rank percentile: the smallest sample that {@code q} of all samples are at or below. */
    long percentile(double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("a percentile is in (0, 1], got " + q);
        }
        int rank = (int) Math.ceil(q * nanos.length);
        return nanos[Math.max(rank, 1) - 1];
    }

    long max() {
        return nanos[nanos.length - 1];
    }

    int count() {
        return nanos.length;
    }

    /**
     * Half the interquartile range relative to the median: the spread we print as {@code ±x%}. Robust to
     * the odd GC pause, unlike the standard deviation.
     */
    double relativeSpread() {
        int n = nanos.length;
        double q1 = nanos[(n - 1) / 4];
        double q3 = nanos[(3 * (n - 1) + 3) / 4];
        return (q3 - q1) / 2 / median();
    }

    /** {@code 12.3 ms ±1.2% (n=15)}. */
    String describe() {
        return String.format(Locale.ROOT, "%s ±%.1f%% (n=%d)", Units.time(median()), 100 * relativeSpread(), count());
    }
}
