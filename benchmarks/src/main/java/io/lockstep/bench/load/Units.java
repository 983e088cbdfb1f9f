package io.lockstep.bench.load;

import java.util.Locale;

/** Number formats of the reports. */
final class Units {

    private Units() {}

    static String millis(long nanos) {
        double ms = nanos / 1e6;
        return ms >= 100 ? String.format(Locale.ROOT, "%.0f ms", ms) : String.format(Locale.ROOT, "%.2f ms", ms);
    }

    static double millisValue(long nanos) {
        return Math.round(nanos / 1e3) / 1e3;
    }

    static String perSecond(double rate) {
        return String.format(Locale.ROOT, "%,.0f/s", rate);
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.0f MiB", bytes / (1024.0 * 1024.0));
    }

    static double round1(double value) {
        return Math.round(value * 10) / 10.0;
    }
}
