package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waits for a condition by polling it until a deadline; fails with a description of what never happened. */
final class Poll {

    static final Duration DEADLINE = Duration.ofSeconds(10);

    private Poll() {}

    static void until(BooleanSupplier condition, Supplier<String> what) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("not within " + DEADLINE + ": " + what.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
