package io.lockstep.nn.internal.kernel.linalg;

import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.KernelIo;
import io.lockstep.nn.internal.operator.Scratch;

/**
 * A batch of float products {@code C[b] = A[b] B[b]} (A is input 0, B input 1 or packed panels, C output
 * 0) split into units of {@link #ROWS_PER_UNIT} rows of one {@link FloatGemm#PANEL column panel}, in the
 * order (batch, panel, rows), so that a thread's contiguous range of units uses each B panel for all
 * its rows (a B read at run time is gathered into panel rows once per such run of units). Every
 * element is summed by {@link FloatGemm}, so the split changes no bits.
 */
final class PanelledProduct {
    static final int ROWS_PER_UNIT = 4;

    /** What happens to a finished block of C (scaling, bias, canonical NaN), in place. */
    @FunctionalInterface
    interface Finish {
        /** Block rows {@code [row0, row0 + rows)}, columns {@code [col0, col0 + cols)} of batch {@code batch}. */
        void apply(KernelIo io, float[] c, int batch, int row0, int rows, int col0, int cols);
    }

    private final int batches;
    private final int m;
    private final int k;
    private final int n;
    private final int panels;
    private final int groups;
    private final int[] aOffsets;
    private final int[] bOffsets;
    private final boolean transA;
    private final boolean transB;
    private final FloatGemm.Panel[][] packed;
    private final Finish finish;

    /**
     * @param aOffsets per batch, the offset of its A matrix in input 0
     * @param bOffsets per batch, the offset of its B matrix in input 1
     * @param transA A is stored k x m
     * @param transB B is stored n x k (ignored with {@code packed})
     * @param packed per batch, its B packed by {@link FloatGemm#packPanels}; or null to read input 1
     */
    PanelledProduct(
            int m,
            int k,
            int n,
            int[] aOffsets,
            int[] bOffsets,
            boolean transA,
            boolean transB,
            FloatGemm.Panel[][] packed,
            Finish finish) {
        this.batches = aOffsets.length;
        this.m = m;
        this.k = k;
        this.n = n;
        this.panels = FloatGemm.panels(n);
        this.groups = (m + ROWS_PER_UNIT - 1) / ROWS_PER_UNIT;
        this.aOffsets = aOffsets;
        this.bOffsets = bOffsets;
        this.transA = transA;
        this.transB = transB;
        this.packed = packed;
        this.finish = finish;
    }

    int units() {
        return Math.multiplyExact(Math.multiplyExact(batches, panels), groups);
    }

    Kernel kernel() {
        return this::compute;
    }

    private void compute(KernelIo io, int from, int to, Scratch scratch) {
        float[] a = io.floatIn(0);
        float[] c = io.floatOut(0);
        int u = from;
        while (u < to) {
            int g = u % groups;
            int q = (u / groups) % panels;
            int batch = u / groups / panels;
            int gEnd = Math.min(groups, g + (to - u));
            int row0 = g * ROWS_PER_UNIT;
            int rows = Math.min(m, gEnd * ROWS_PER_UNIT) - row0;
            int col0 = q * FloatGemm.PANEL;
            int cols = Math.min(FloatGemm.PANEL, n - col0);
            FloatGemm.Panel panel = packed != null
                    ? packed[batch][q]
                    : transB
                            ? FloatGemm.gather(io.floatIn(1), bOffsets[batch], 1, k, k, col0, cols, scratch)
                            : FloatGemm.gather(io.floatIn(1), bOffsets[batch], n, 1, k, col0, cols, scratch);
            int cOff = (batch * m + row0) * n + col0;
            if (transA) {
                FloatGemm.multiply(a, aOffsets[batch] + row0, 1, m, null, panel, c, cOff, n, rows, scratch);
            } else {
                FloatGemm.multiply(a, aOffsets[batch] + row0 * k, k, 1, null, panel, c, cOff, n, rows, scratch);
            }
            finish.apply(io, c, batch, row0, rows, col0, cols);
            u += gEnd - g;
        }
    }
}
