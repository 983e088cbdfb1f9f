package io.lockstep.nn.internal.kernel.linalg;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;

/**
 * Whether this JVM compiles hot code with its optimizing compiler (C2). The Vector API is fast only
 * there: under {@code -Xint} or {@code -XX:TieredStopAtLevel=1} its operations run as plain Java objects,
 * many times slower than the column loops. Which kernel runs never changes a bit, only the time.
 */
final class OptimizingCompiler {

    private OptimizingCompiler() {}

    static boolean present() {
        if (System.getProperty("java.vm.info", "").contains("interpreted mode")) {
            return false;
        }
        try {
            HotSpotDiagnosticMXBean vm = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
            return vm == null
                    || Integer.parseInt(vm.getVMOption("TieredStopAtLevel").getValue()) >= 4;
        } catch (RuntimeException e) {
            // Not HotSpot, or no such option: nothing says the compiler is missing.
            return true;
        }
    }
}
