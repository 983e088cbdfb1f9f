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
     * Version 1. Provisional: each price is the time the class took per element with the nn-1 kernels
     * on the reference machine (one thread), in units of the contract VM's fuel (about 0.05 ns); see
     * docs/spec/nn.md. To be recalibrated by the inference benchmarks before a network fixes them.
     */
    public static final NnCostTable V1 = new NnCostTable(
            1, // version
            10_000, // runBase
            2_000, // nodeBase
            2_000, // perKiBTransferred
            20, // perElement
            10, // perMovedElement
            100, // perDivision
            800, // perTranscendental
            10, // perReducedElement
            6, // perMac
            3); // perIntegerMac

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
