package io.lockstep.vm;

import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link ContractVm} runs. {@link #limits()} and {@link #costs()} are chain rules (from genesis);
 * the rest is local operation and never changes a result.
 *
 * @param workerStackBytes the JVM stack of each execution thread; large enough that the injected
 *     call-depth limit always stops a contract before the JVM stack would
 * @param watchdog a non-consensus safety net: a call still running after this long is abandoned with an
 *     exception (never an outcome), because no deterministic limit should ever let it run so long
 */
public record VmConfig(VmLimits limits, CostTable costs, long workerStackBytes, int workers, Duration watchdog) {

    public static final VmConfig DEFAULT =
            new VmConfig(VmLimits.DEFAULT, CostTable.V6, 1024L * 1024 * 1024, 2, Duration.ofSeconds(60));

    public VmConfig {
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(costs, "costs");
        Objects.requireNonNull(watchdog, "watchdog");
        if (workerStackBytes < 16L * 1024 * 1024) {
            throw new IllegalArgumentException("worker stack must be at least 16 MiB");
        }
        if (workers < 1) {
            throw new IllegalArgumentException("at least one worker thread is needed");
        }
        if (watchdog.isNegative() || watchdog.isZero()) {
            throw new IllegalArgumentException("watchdog must be positive");
        }
    }

    public VmConfig withLimits(VmLimits newLimits) {
        return new VmConfig(newLimits, costs, workerStackBytes, workers, watchdog);
    }

    public VmConfig withCosts(CostTable newCosts) {
        return new VmConfig(limits, newCosts, workerStackBytes, workers, watchdog);
    }
}
