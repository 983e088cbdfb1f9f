package io.lockstep.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;

/**
 * The clock samples are taken with. By default the CPU time of the measuring thread: on a machine
 * shared with other work (a 2-core developer machine running builds) the wall clock mostly measures
 * how often the thread was descheduled, while its CPU time still measures the work. It does not count
 * the JIT compiler or GC threads, which run beside the measured thread. {@code -Dlockstep.bench.clock=wall}
 * switches to {@link System#nanoTime()}.
 */
final class SampleClock {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final boolean CPU = !"wall".equals(System.getProperty("lockstep.bench.clock", "cpu"))
            && THREADS.isCurrentThreadCpuTimeSupported();

    private SampleClock() {}

    static long now() {
        return CPU ? THREADS.getCurrentThreadCpuTime() : System.nanoTime();
    }

    static String describe() {
        return CPU ? "CPU time of the measuring thread" : "wall-clock time";
    }
}
