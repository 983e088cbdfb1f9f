package io.lockstep.bench.load;

import java.lang.management.ManagementFactory;

/** The CPU time of this JVM: how much of the shared machine the generator itself took. */
final class ProcessCpu {

    private ProcessCpu() {}

    /** Nanoseconds of CPU used by this process so far, or -1 when the JVM cannot tell. */
    static long nanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    /** Cores used between two readings {@code wallNanos} apart; 0 when unknown. */
    static double cores(long cpuBefore, long cpuAfter, long wallNanos) {
        return cpuBefore < 0 || cpuAfter < 0 || wallNanos <= 0 ? 0 : (double) (cpuAfter - cpuBefore) / wallNanos;
    }
}
