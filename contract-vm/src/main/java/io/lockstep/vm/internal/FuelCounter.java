package io.lockstep.vm.internal;

/**
 * The one i64 global that instrumented code keeps its budgets in: fuel in the high 48 bits, the stack
 * depth (in frame units) in the low 16. One word means one global read and one write per call boundary
 * for both budgets; Chicory reaches a global through two indirections, so this is most of what the
 * injected code costs in call-heavy contracts.
 *
 * <p>Fuel is charged by subtracting {@code cost << 16}, which leaves the depth bits alone (the word is
 * {@code fuel * 2^16 + depth} exactly, also when the fuel is negative), and the word is negative exactly
 * when the fuel is. A function adds its frame weight on entry and subtracts it when it returns.
 */
public final class FuelCounter {

    static final int DEPTH_BITS = 16;
    static final long DEPTH_MASK = (1L << DEPTH_BITS) - 1;

    /** Largest fuel a call may be given: the fuel field is 48 bits wide and must not start negative. */
    static final long MAX_FUEL = (1L << (63 - DEPTH_BITS)) - 1;

    private FuelCounter() {}

    static long word(long fuel, long depth) {
        return (fuel << DEPTH_BITS) | depth;
    }

    static long fuel(long word) {
        return word >> DEPTH_BITS;
    }

    static long depth(long word) {
        return word & DEPTH_MASK;
    }

    static long charge(long cost) {
        return cost << DEPTH_BITS;
    }

    /**
     * The counter a call starts with. Fuel beyond {@link #MAX_FUEL} (over a hundred trillion units, hours
     * of work) cannot be used up, so a larger budget starts at the maximum.
     */
    public static long start(long fuel) {
        if (fuel < 0) {
            throw new IllegalArgumentException("fuel must not be negative, got " + fuel);
        }
        return word(Math.min(fuel, MAX_FUEL), 0);
    }
}
