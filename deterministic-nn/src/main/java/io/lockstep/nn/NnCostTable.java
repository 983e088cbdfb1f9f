package io.lockstep.nn;

/**
 * The inference fuel schedule: what each class of work costs, in <b>milli-fuel</b> (thousandths of the
 * contract VM's fuel unit, one simple wasm integer operation), so that work cheaper than one fuel per
 * unit, such as a float multiply-accumulate, can be priced without rounding it up to a whole fuel. A
 * node's milli-fuel is {@code nodeBase} plus its work counts (computed from shapes before it runs) times
 * these prices; a run adds {@code runBase} and {@code perKiBTransferred} for the input and output bytes,
 * and the sum is rounded up to whole fuel once, at the end. A chain names its table by {@link
 * #version()} in genesis, so changing a number is a chain upgrade. See {@code docs/spec/nn.md}.
 */
public record NnCostTable(
        int version,
        /* every run: input validation, dispatch */
        long runBase,
        /* every node that runs (folded constants cost nothing) */
        long nodeBase,
        /* per KiB of inputs copied in and outputs copied out */
        long perKiBTransferred,
        /* per output element of simple arithmetic, comparisons, selects, casts */
        long perElement,
        /* per element copied without arithmetic */
        long perMovedElement,
        /* per division, square root or remainder */
        long perDivision,
        /* per exp, log, tanh, pow, erf, sigmoid... */
        long perTranscendental,
        /* per input element read by a reduction */
        long perReducedElement,
        /* per float multiply-accumulate */
        long perMac,
        /* per integer multiply-accumulate */
        long perIntegerMac) {

    /** Milli-fuel per fuel unit. */
    public static final long MILLI = 1_000;

    /**
     * Version 2, calibrated with {@code lockstep-benchmarks.jar nn-fuel} against the contract VM's
     * integer-arithmetic rate, first on kernel set nn-1 and then re-measured on nn-2 (docs/spec/nn.md,
     * docs/benchmarks.md). Each price is the slowest realistic case of its class, so that no model is
     * cheaper per nanosecond than contract code.
     */
    public static final NnCostTable V2 = new NnCostTable(
            2, // version
            25_000_000, // runBase
            3_600_000, // nodeBase
            4_100_000, // perKiBTransferred
            17_000, // perElement
            25_000, // perMovedElement
            130_000, // perDivision
            2_200_000, // perTranscendental
            25_000, // perReducedElement
            6_000, // perMac
            3_000); // perIntegerMac

    public NnCostTable {
        long[] all = {
            runBase,
            nodeBase,
            perKiBTransferred,
            perElement,
            perMovedElement,
            perDivision,
            perTranscendental,
            perReducedElement,
            perMac,
            perIntegerMac
        };
        for (long price : all) {
            if (price < 0) {
                throw new IllegalArgumentException("prices must not be negative");
            }
        }
    }
}
