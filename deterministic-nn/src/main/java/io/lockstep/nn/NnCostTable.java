package io.lockstep.nn;

/**
 * The inference fuel schedule: what each class of work costs, in the same fuel unit as the contract
 * VM's {@code CostTable} (one simple wasm integer operation). A node's fuel is {@code nodeBase} plus
 * its work counts (computed from shapes before it runs) times these prices; a run adds {@code runBase}
 * and {@code perKiBTransferred} for the input and output bytes. A chain names its table by
 * {@link #version()} in genesis, so changing a number is a chain upgrade. See {@code docs/spec/nn.md}.
 */
public record NnCostTable(
        int version,
        /* every run: input validation, dispatch */
        long runBase,
        /* every node that runs (folded constants cost nothing) */
        long nodeBase,
        /* per KiB of inputs copied in and outputs copied out (rounded up) */
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

    /**
     * Version 1. Provisional numbers chosen from the time each class takes per element on the
     * reference machine relative to the contract VM's fuel unit (about 0.05 ns); to be recalibrated
     * by the inference benchmarks before a network fixes them.
     */
    public static final NnCostTable V1 = new NnCostTable(
            1, // version
            10_000, // runBase
            2_000, // nodeBase
            400, // perKiBTransferred
            10, // perElement
            5, // perMovedElement
            40, // perDivision
            400, // perTranscendental
            10, // perReducedElement
            2, // perMac
            1); // perIntegerMac

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
