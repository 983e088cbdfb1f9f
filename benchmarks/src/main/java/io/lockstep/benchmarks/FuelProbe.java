package io.lockstep.benchmarks;

import java.util.function.IntFunction;

/**
 * A module whose work is dominated by one class of the cost table, in two sizes: {@code low} and
 * {@code high} copies of the class's snippet. Timing both and dividing the difference in time by the
 * difference in fuel gives nanoseconds per fuel unit of that work alone: the loop, the call into the
 * module and, for contract calls, instantiation are the same in both sizes and cancel out.
 *
 * @param name what the probe exercises
 * @param costClass the {@code CostTable} component the probe calibrates
 * @param unitsPerCopy how many units of {@code costClass} one snippet copy charges (operations, pages,
 *     KiB, elements), used to turn a measured time into a suggested cost
 * @param way how the module is run
 * @param runsPerCopy how often each snippet copy runs in one call (the loop's iteration count)
 * @param wat the module's WAT text for a number of snippet copies
 * @param low copies in the small variant
 * @param high copies in the large variant
 */
record FuelProbe(
        String name,
        String costClass,
        int unitsPerCopy,
        Way way,
        int runsPerCopy,
        IntFunction<String> wat,
        int low,
        int high) {

    enum Way {
        /** One instance, kept; the {@code run} export is called repeatedly. */
        INSTANCE,
        /** A full contract call each time: fresh instance, host session, host imports from {@code lockstep}. */
        CONTRACT_CALL,
        /**
         * A full contract call each time, timed as a whole and divided by its whole fuel: instantiation is
         * the work itself, there is nothing to subtract. Only the large variant runs; its "copies"
         * ({@code high - low}) count as one.
         */
        ABSOLUTE_CONTRACT_CALL
    }
}
