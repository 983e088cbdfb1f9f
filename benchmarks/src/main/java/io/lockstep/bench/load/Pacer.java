package io.lockstep.bench.load;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Spaces one lane's requests at a fixed rate (open loop): the next request is due one interval after the
 * previous one was due, not after it was answered, so a slow answer does not lower the offered rate. A lane
 * that fell behind catches up, but by at most {@link #MAX_BACKLOG_NANOS} worth of requests at once.
 * Without a rate every request is due at once (closed loop).
 */
final class Pacer {

    static final long MAX_BACKLOG_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final long intervalNanos;
    private long due;
    private long lateNanos;

    /**
     * @param perSecond this lane's rate; 0 for none
     * @param offsetNanos where in its first interval the lane starts, so that lanes do not fire together
     */
    Pacer(double perSecond, long startNanos, long offsetNanos) {
        this.intervalNanos = perSecond > 0 ? Math.max(1, Math.round(1e9 / perSecond)) : 0;
        this.due = startNanos + offsetNanos;
    }

    static Pacer forLane(double totalPerSecond, int lanes, int lane, long startNanos) {
        if (totalPerSecond <= 0) {
            return new Pacer(0, startNanos, 0);
        }
        double perLane = totalPerSecond / lanes;
        long interval = Math.round(1e9 / perLane);
        return new Pacer(perLane, startNanos, interval * lane / lanes);
    }

    /** Waits until the next request is due. */
    void awaitTurn() {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now < due) {
            LockSupport.parkNanos(due - now);
        } else if (now - due > MAX_BACKLOG_NANOS) {
            lateNanos += now - due - MAX_BACKLOG_NANOS;
            due = now - MAX_BACKLOG_NANOS;
        }
    }

    /** Marks the due request as sent. */
    void sent() {
        due += intervalNanos;
    }

    /** Time the lane was so far behind that requests were given up rather than sent late. */
    long lateNanos() {
        return lateNanos;
    }
}
