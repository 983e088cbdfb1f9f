package io.lockstep.bench.load;

import java.time.Duration;

/**
 * The phases of a run on the {@link System#nanoTime} clock: warm-up from {@code start}, then the measured
 * window from {@code measureFrom} to {@code measureUntil}, after which the load stops.
 */
record Window(long start, long measureFrom, long measureUntil) {

    static Window startingNow(Duration warmup, Duration duration) {
        long start = System.nanoTime();
        long from = start + warmup.toNanos();
        return new Window(start, from, from + duration.toNanos());
    }

    boolean measures(long nanos) {
        return nanos >= measureFrom && nanos < measureUntil;
    }

    boolean over(long nanos) {
        return nanos >= measureUntil;
    }

    double seconds() {
        return (measureUntil - measureFrom) / 1e9;
    }
}
