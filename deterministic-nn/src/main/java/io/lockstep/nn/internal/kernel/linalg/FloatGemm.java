package io.lockstep.nn.internal.kernel.linalg;

import io.lockstep.nn.internal.operator.Scratch;
import java.util.Arrays;

/**
 * The float matrix product of kernel set nn-2, shared by MatMul, Gemm and Conv. Every output element is
 *
 * <pre>
 *   acc = +0.0f
 *   for p = 0 .. K-1:  acc = Math.fma(a[i][p], b[p][j], acc)     (one rounding per step)
 *   c[i][j] = acc
 * </pre>
 *
 * Math.fma is correctly rounded and specified bit for bit, so it gives the same result on every JDK,
 * JIT tier and CPU (see ADR 0007). Only the traversal is blocked, which changes no bits: B comes as a
 * panel of at most {@link #PANEL} columns held as one array per row; the partial sums of up to
 * {@link #ROW_BLOCK} rows wait in one array per row while the depth is taken in slices of
 * {@link #DEPTH} in ascending order; rows go four (then two, then one) at a time and {@code p} two steps
 * at a time, written as nested calls ({@code fma(x1, y1, fma(x0, y0, acc))}), so each B vector loaded
 * serves four rows. The innermost loops run over columns and index every array from 0, which is what
 * lets C2 vectorize them (it packs a loop only when all its accesses share one offset): each lane is
 * one output element whose sum still goes through {@code p} in order, so results are the same bits for
 * any vector width, thread count or JIT tier, and the same as the plain triple loop.
 */
public final class FloatGemm {
    /** Columns per panel: four rows of partial sums and two rows of B stay in L1 across a column sweep. */
    public static final int PANEL = 512;

    /** Depth per slice: a slice of a panel ({@code DEPTH x PANEL} floats) stays in L2 for all the rows. */
    static final int DEPTH = 256;

    /** Rows whose partial sums are kept at once. */
    static final int ROW_BLOCK = 64;

    /** The {@link Scratch#floatRows} slot that holds the partial sums; callers use the others. */
    public static final int ACCUMULATOR_SLOT = 0;

    /**
     * The slot ({@link Scratch#floats} or {@link Scratch#floatRows}) of a panel {@link #gather}ed at run
     * time.
     */
    public static final int PANEL_SLOT = 1;

    /**
     * Whether {@link VectorFloatGemm} computes the products: only in a JVM started with {@code
     * --add-modules jdk.incubator.vector} on a CPU with 256-bit vectors or wider, with C2 compiling.
     * Otherwise that class is never loaded and the column loops below give the same bits, slower.
     */
    public static final boolean VECTOR_KERNEL =
            ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent()
                    && OptimizingCompiler.present()
                    && VectorFloatGemm.usable();

    private FloatGemm() {}

    /**
     * {@code c[i][j] = sum_p a[i][p] * b[p][j]} for {@code i < rows}, {@code j < width}, in the order
     * above, overwriting C. Element (i, p) of A is {@code a[aOff + i * aRowStride + p * aColStride]},
     * row p of B is {@code b[p][0 .. width)}, element (i, j) of C is {@code c[cOff + i * cRowStride + j]}.
     */
    public static void multiply(
            float[] a,
            int aOff,
            int aRowStride,
            int aColStride,
            float[][] b,
            int k,
            int width,
            float[] c,
            int cOff,
            int cRowStride,
            int rows,
            Scratch scratch) {
        // Rows short of a whole register tile stream B row by row in the column loops, which is faster
        // for them (a single row is bound by reading B); the bits are the same either way.
        int tiled = VECTOR_KERNEL ? rows / VectorFloatGemm.ROWS * VectorFloatGemm.ROWS : 0;
        if (tiled > 0) {
            VectorFloatGemm.multiply(a, aOff, aRowStride, aColStride, b, k, width, c, cOff, cRowStride, tiled, scratch);
        }
        if (tiled < rows) {
            multiplyByColumns(
                    a,
                    aOff + tiled * aRowStride,
                    aRowStride,
                    aColStride,
                    b,
                    k,
                    width,
                    c,
                    cOff + tiled * cRowStride,
                    cRowStride,
                    rows - tiled,
                    scratch);
        }
    }

    /** {@link #multiply} with auto-vectorized column loops, on any JVM. */
    static void multiplyByColumns(
            float[] a,
            int aOff,
            int aRowStride,
            int aColStride,
            float[][] b,
            int k,
            int width,
            float[] c,
            int cOff,
            int cRowStride,
            int rows,
            Scratch scratch) {
        float[][] acc = scratch.floatRows(ACCUMULATOR_SLOT, ROW_BLOCK, width);
        for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
            int count = Math.min(ROW_BLOCK, rows - r0);
            for (int r = 0; r < count; r++) {
                Arrays.fill(acc[r], 0, width, 0f);
            }
            int aBlock = aOff + r0 * aRowStride;
            for (int p0 = 0; p0 < k; p0 += DEPTH) {
                int p1 = Math.min(k, p0 + DEPTH);
                int r = 0;
                for (; r + 4 <= count; r += 4) {
                    fourRows(a, aBlock + r * aRowStride, aRowStride, aColStride, b, p0, p1, acc, r, width);
                }
                if (r + 2 <= count) {
                    twoRows(a, aBlock + r * aRowStride, aRowStride, aColStride, b, p0, p1, acc[r], acc[r + 1], width);
                    r += 2;
                }
                if (r < count) {
                    oneRow(a, aBlock + r * aRowStride, aColStride, b, p0, p1, acc[r], width);
                }
            }
            for (int r = 0; r < count; r++) {
                System.arraycopy(acc[r], 0, c, cOff + (r0 + r) * cRowStride, width);
            }
        }
    }

    /** Adds depth steps {@code [p0, p1)} of four rows of A (the first at {@code a0}) to sums {@code acc[r..r+3]}. */
    private static void fourRows(
            float[] a, int a0, int lda, int as, float[][] b, int p0, int p1, float[][] acc, int r, int width) {
        float[] c0 = acc[r];
        float[] c1 = acc[r + 1];
        float[] c2 = acc[r + 2];
        float[] c3 = acc[r + 3];
        int a1 = a0 + lda;
        int a2 = a1 + lda;
        int a3 = a2 + lda;
        int p = p0;
        for (; p + 2 <= p1; p += 2) {
            int q = p * as;
            int q1 = q + as;
            addFourByTwo(
                    b[p],
                    b[p + 1],
                    c0,
                    c1,
                    c2,
                    c3,
                    a[a0 + q],
                    a[a0 + q1],
                    a[a1 + q],
                    a[a1 + q1],
                    a[a2 + q],
                    a[a2 + q1],
                    a[a3 + q],
                    a[a3 + q1],
                    width);
        }
        if (p < p1) {
            int q = p * as;
            addTwoByOne(b[p], c0, c1, a[a0 + q], a[a1 + q], width);
            addTwoByOne(b[p], c2, c3, a[a2 + q], a[a3 + q], width);
        }
    }

    /** Adds depth steps {@code [p0, p1)} of rows at {@code a0} and {@code a0 + lda} of A to two rows of sums. */
    private static void twoRows(
            float[] a, int a0, int lda, int as, float[][] b, int p0, int p1, float[] c0, float[] c1, int width) {
        int a1 = a0 + lda;
        int p = p0;
        for (; p + 2 <= p1; p += 2) {
            int q = p * as;
            addTwoByTwo(b[p], b[p + 1], c0, c1, a[a0 + q], a[a0 + q + as], a[a1 + q], a[a1 + q + as], width);
        }
        if (p < p1) {
            int q = p * as;
            addTwoByOne(b[p], c0, c1, a[a0 + q], a[a1 + q], width);
        }
    }

    private static void oneRow(float[] a, int a0, int as, float[][] b, int p0, int p1, float[] c0, int width) {
        int p = p0;
        for (; p + 4 <= p1; p += 4) {
            int q = p * as;
            addOneByFour(
                    b[p],
                    b[p + 1],
                    b[p + 2],
                    b[p + 3],
                    c0,
                    a[a0 + q],
                    a[a0 + q + as],
                    a[a0 + q + 2 * as],
                    a[a0 + q + 3 * as],
                    width);
        }
        for (; p < p1; p++) {
            addOneByOne(b[p], c0, a[a0 + p * as], width);
        }
    }

    // The loops below are the vectorized hot spots; each is small enough for C2 (JDK 17 and later) to
    // unroll and pack. Larger bodies (four depth steps with two or four rows) stay scalar there.

    private static void addFourByTwo(
            float[] b0,
            float[] b1,
            float[] c0,
            float[] c1,
            float[] c2,
            float[] c3,
            float x00,
            float x01,
            float x10,
            float x11,
            float x20,
            float x21,
            float x30,
            float x31,
            int width) {
        for (int j = 0; j < width; j++) {
            float y0 = b0[j];
            float y1 = b1[j];
            c0[j] = Math.fma(x01, y1, Math.fma(x00, y0, c0[j]));
            c1[j] = Math.fma(x11, y1, Math.fma(x10, y0, c1[j]));
            c2[j] = Math.fma(x21, y1, Math.fma(x20, y0, c2[j]));
            c3[j] = Math.fma(x31, y1, Math.fma(x30, y0, c3[j]));
        }
    }

    private static void addTwoByTwo(
            float[] b0, float[] b1, float[] c0, float[] c1, float x00, float x01, float x10, float x11, int width) {
        for (int j = 0; j < width; j++) {
            float y0 = b0[j];
            float y1 = b1[j];
            c0[j] = Math.fma(x01, y1, Math.fma(x00, y0, c0[j]));
            c1[j] = Math.fma(x11, y1, Math.fma(x10, y0, c1[j]));
        }
    }

    private static void addTwoByOne(float[] b0, float[] c0, float[] c1, float x0, float x1, int width) {
        for (int j = 0; j < width; j++) {
            float y = b0[j];
            c0[j] = Math.fma(x0, y, c0[j]);
            c1[j] = Math.fma(x1, y, c1[j]);
        }
    }

    private static void addOneByFour(
            float[] b0,
            float[] b1,
            float[] b2,
            float[] b3,
            float[] c0,
            float x0,
            float x1,
            float x2,
            float x3,
            int width) {
        for (int j = 0; j < width; j++) {
            c0[j] = Math.fma(x3, b3[j], Math.fma(x2, b2[j], Math.fma(x1, b1[j], Math.fma(x0, b0[j], c0[j]))));
        }
    }

    private static void addOneByOne(float[] b0, float[] c0, float x0, int width) {
        for (int j = 0; j < width; j++) {
            c0[j] = Math.fma(x0, b0[j], c0[j]);
        }
    }

    /**
     * Copies columns {@code [col0, col0 + width)} of a k-row matrix into {@code rows[p][0 .. width)}:
     * element (p, j) is {@code b[bOff + p * rowStride + j * colStride]} (a transposed matrix has
     * {@code rowStride = 1}).
     */
    public static void gatherPanel(
            float[] b, int bOff, int rowStride, int colStride, int k, int col0, int width, float[][] rows) {
        if (colStride == 1) {
            for (int p = 0; p < k; p++) {
                System.arraycopy(b, bOff + p * rowStride + col0, rows[p], 0, width);
            }
            return;
        }
        for (int j = 0; j < width; j++) {
            int src = bOff + (col0 + j) * colStride;
            for (int p = 0; p < k; p++) {
                rows[p][j] = b[src + p * rowStride];
            }
        }
    }

    /**
     * A column panel of B made ready for {@link #multiply(float[], int, int, int, float[], Panel,
     * float[], int, int, int, Scratch)}: packed strips for the register tiles when {@link #VECTOR_KERNEL}, else one
     * array per row for the column loops. Only the layout differs, never the sums.
     */
    public static final class Panel {
        final int k;
        final int width;
        final float[][] rows;
        final float[] strips;

        private Panel(int k, int width, float[][] rows, float[] strips) {
            this.k = k;
            this.width = width;
            this.rows = rows;
            this.strips = strips;
        }

        /**
         * A panel of k rows and {@code width} columns already packed as {@code VectorFloatGemm}'s strips
         * (only when {@link #VECTOR_KERNEL}).
         */
        public static Panel ofStrips(float[] strips, int k, int width) {
            if (!VECTOR_KERNEL) {
                throw new IllegalStateException("strips are the Vector API kernel's layout");
            }
            return new Panel(k, width, null, strips);
        }
    }

    /**
     * A whole k x n matrix (row-major, or stored n x k when {@code transposed}) as its column panels.
     * Done once when the model is prepared, for constant weights.
     */
    public static Panel[] packPanels(float[] b, int bOff, int k, int n, boolean transposed) {
        Panel[] panels = new Panel[panels(n)];
        for (int q = 0; q < panels.length; q++) {
            int col0 = q * PANEL;
            int width = Math.min(PANEL, n - col0);
            panels[q] = gather(b, bOff, transposed ? 1 : n, transposed ? k : 1, k, col0, width, null);
        }
        return panels;
    }

    /**
     * Columns {@code [col0, col0 + width)} of a k-row matrix as a panel, element (p, j) at {@code
     * b[bOff + p * rowStride + j * colStride]}; in {@code scratch} (slot {@link #PANEL_SLOT}) when
     * given, else in arrays of its own.
     */
    public static Panel gather(
            float[] b, int bOff, int rowStride, int colStride, int k, int col0, int width, Scratch scratch) {
        if (VECTOR_KERNEL) {
            int size = VectorFloatGemm.stripFloats(k, width);
            float[] strips = scratch == null ? new float[size] : scratch.floats(PANEL_SLOT, size);
            VectorFloatGemm.packStrips(b, bOff, rowStride, colStride, k, col0, width, strips);
            return new Panel(k, width, null, strips);
        }
        float[][] rows = scratch == null ? new float[k][width] : scratch.floatRows(PANEL_SLOT, k, width);
        gatherPanel(b, bOff, rowStride, colStride, k, col0, width, rows);
        return new Panel(k, width, rows, null);
    }

    /**
     * {@code c[i][j] = sum_p a[i][p] * b[p][j]} as {@link #multiply(float[], int, int, int, float[][],
     * int, int, float[], int, int, int, Scratch)}, with B a prepared panel and, for a panel of strips,
     * optionally A's whole register tiles packed in advance ({@code VectorFloatGemm.packTiles}; null
     * otherwise).
     */
    public static void multiply(
            float[] a,
            int aOff,
            int aRowStride,
            int aColStride,
            float[] aTiles,
            Panel b,
            float[] c,
            int cOff,
            int cRowStride,
            int rows,
            Scratch scratch) {
        if (b.strips != null) {
            VectorFloatGemm.multiplyStrips(
                    a,
                    aOff,
                    aRowStride,
                    aColStride,
                    aTiles,
                    b.strips,
                    b.k,
                    b.width,
                    c,
                    cOff,
                    cRowStride,
                    rows,
                    scratch);
        } else {
            multiplyByColumns(
                    a, aOff, aRowStride, aColStride, b.rows, b.k, b.width, c, cOff, cRowStride, rows, scratch);
        }
    }

    /** Number of column panels of an n-column matrix. */
    public static int panels(int n) {
        return (n + PANEL - 1) / PANEL;
    }
}
