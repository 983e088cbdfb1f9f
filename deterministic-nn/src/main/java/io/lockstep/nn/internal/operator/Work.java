package io.lockstep.nn.internal.operator;

import io.lockstep.nn.NnCostTable;

/**
 * How much work a node does, counted from shapes alone, in the classes that {@link NnCostTable}
 * prices. Counts are exact for a given node and shapes, so fuel is the same on every validator.
 *
 * @param elements output elements of simple arithmetic, comparisons, selects, casts
 * @param moved elements copied without arithmetic (reshapes, transposes, gathers, concatenations)
 * @param divisions divisions, square roots and integer remainders
 * @param transcendentals exp, log, tanh, pow, erf, sigmoid and the like, each costed as one
 * @param reduced input elements read by reductions (sums, maxima, softmax passes)
 * @param macs float multiply-accumulates (MatMul, Gemm, convolutions)
 * @param integerMacs integer multiply-accumulates (quantized kernels)
 */
public record Work(
        long elements, long moved, long divisions, long transcendentals, long reduced, long macs, long integerMacs) {

    public static final Work NONE = new Work(0, 0, 0, 0, 0, 0, 0);

    public static Work elements(long n) {
        return new Work(n, 0, 0, 0, 0, 0, 0);
    }

    public static Work moved(long n) {
        return new Work(0, n, 0, 0, 0, 0, 0);
    }

    public static Work divisions(long n) {
        return new Work(0, 0, n, 0, 0, 0, 0);
    }

    public static Work transcendentals(long n) {
        return new Work(0, 0, 0, n, 0, 0, 0);
    }

    public static Work reduced(long n) {
        return new Work(0, 0, 0, 0, n, 0, 0);
    }

    public static Work macs(long n) {
        return new Work(0, 0, 0, 0, 0, n, 0);
    }

    public static Work integerMacs(long n) {
        return new Work(0, 0, 0, 0, 0, 0, n);
    }

    public Work plus(Work o) {
        return new Work(
                sat(elements, o.elements),
                sat(moved, o.moved),
                sat(divisions, o.divisions),
                sat(transcendentals, o.transcendentals),
                sat(reduced, o.reduced),
                sat(macs, o.macs),
                sat(integerMacs, o.integerMacs));
    }

    /**
     * Milli-fuel for this work under a cost table, including the table's per-node base; saturates. Not
     * rounded: a plan adds the milli-fuel of its nodes and rounds up once ({@link #fuel(long)}).
     */
    public long milliFuel(NnCostTable table) {
        long milli = table.nodeBase();
        milli = sat(milli, mul(elements, table.perElement()));
        milli = sat(milli, mul(moved, table.perMovedElement()));
        milli = sat(milli, mul(divisions, table.perDivision()));
        milli = sat(milli, mul(transcendentals, table.perTranscendental()));
        milli = sat(milli, mul(reduced, table.perReducedElement()));
        milli = sat(milli, mul(macs, table.perMac()));
        milli = sat(milli, mul(integerMacs, table.perIntegerMac()));
        return milli;
    }

    /** Whole fuel for a milli-fuel amount, rounded up (a saturated amount stays saturated). */
    public static long fuel(long milliFuel) {
        if (milliFuel == Long.MAX_VALUE) {
            return Long.MAX_VALUE;
        }
        return milliFuel / NnCostTable.MILLI + (milliFuel % NnCostTable.MILLI == 0 ? 0 : 1);
    }

    /** Saturating addition of non-negative counts. */
    public static long sat(long a, long b) {
        long r = a + b;
        return r < 0 ? Long.MAX_VALUE : r;
    }

    /** Saturating multiplication of non-negative counts. */
    public static long mul(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        return a > Long.MAX_VALUE / b ? Long.MAX_VALUE : a * b;
    }
}
