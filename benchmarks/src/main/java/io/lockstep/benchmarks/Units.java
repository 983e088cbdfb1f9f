package io.lockstep.benchmarks;

import java.util.Locale;

/** Human-readable numbers for the report. */
final class Units {

    private Units() {}

    static String time(double nanos) {
        if (nanos >= 1e9) {
            return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
        }
        if (nanos >= 1e6) {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        if (nanos >= 1e3) {
            return String.format(Locale.ROOT, "%.2f µs", nanos / 1e3);
        }
        return String.format(Locale.ROOT, "%.1f ns", nanos);
    }

    static String ratio(double ratio) {
        return String.format(Locale.ROOT, "%.2fx", ratio);
    }

    static String number(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static double geomean(double[] values) {
        double logSum = 0;
        for (double v : values) {
            logSum += Math.log(v);
        }
        return Math.exp(logSum / values.length);
    }
}
