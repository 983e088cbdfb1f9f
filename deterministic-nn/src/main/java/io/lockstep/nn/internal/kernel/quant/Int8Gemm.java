package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.internal.kernel.linalg.FloatGemm;
import io.lockstep.nn.internal.kernel.linalg.VectorFloatGemm;
import io.lockstep.nn.internal.operator.Scratch;
import java.util.Arrays;

/**
 * Products of 8-bit matrices with exact int32 results: {@code C[i][j] = sum over p of A'[i][p] *
 * B'[p][j]} where {@code A'} and {@code B'} are the 8-bit values minus their zero points, each an
 * integer in {@code [-255, 255]}.
 *
 * <p>Exactness: the operands are held as floats, which represent them exactly, and the depth is taken
 * in slices of at most {@link #SLICE} steps. Every product is an integer of magnitude at most {@code
 * 255 * 255 = 65,025}, and every partial sum within a slice at most {@code SLICE * 65,025 = 16,646,400
 * < 2^24}, so every float operation (multiply, add, or fused multiply-add) has an exact integer result
 * and rounds nothing: any order, fusion, vector width or JIT tier gives the same value. Each slice's
 * sum is then converted to int exactly and added in int32, where addition is associative; the whole
 * sum is bounded by {@code k * 65,025}, which fits an int for {@code k <= }{@link #MAX_DEPTH};
 * operators refuse deeper products when they are planned, so no sum ever wraps.
 *
 * <p>Why floats: C2 (JDK 17 and 25) vectorizes a loop of fused float multiply-adds over columns with
 * four rows and two depth steps in its body; on JDK 17 int multiply-adds vectorize only with two rows
 * (written {@code c[j] = c[j] + ...}), and the short pair multiply-add of kernel set nn-1 needed a
 * broadcast copy of A for every row and depth pair. Measured on one core, the float form ran at about
 * 1.5 times the int form and 7 times nn-1's kernel. The traversal is that of the float product: B comes as column panels of at most {@link #PANEL}
 * columns held as one array per depth step, partial sums of up to {@link #ROW_BLOCK} rows wait in one
 * array per row while the depth is taken slice by slice, and the inner loops index every array with
 * the same column index, which is what lets C2 pack them.
 *
 * <p>When the Vector API is resolved ({@link #VECTOR_KERNEL}), whole tiles of rows take the float
 * product's register tiles instead, one slice at a time ({@link #multiplyByTiles}); exactness is the
 * same argument, since a slice's float sums are the same integers in any order.
 */
final class Int8Gemm {
    /** Deepest product whose int32 sums cannot overflow: {@code floor((2^31 - 1) / (255 * 255))}. */
    static final int MAX_DEPTH = Integer.MAX_VALUE / (255 * 255);

    /** Depth steps per slice: the most whose float partial sums stay below 2^24, so exact. */
    static final int SLICE = 256;

    /**
     * Columns per panel at most: four rows of partial sums and two rows of B (24 KiB) stay in L1 across a
     * column sweep, a slice of a panel (1 MiB) in L2 for a block of rows, and the inner loops are long
     * enough that a call's set-up is small next to its work (a 768-column B cut into 512 and 256 ran at
     * half the speed of one 768-wide panel).
     */
    static final int PANEL = 1024;

    /**
     * Rows whose partial sums are kept at once (64 KiB at most, in L2 next to the slice of B they are
     * summed with); 16 measured slightly faster than 32 and 64 at 1024 x 1024 x 1024.
     */
    static final int ROW_BLOCK = 16;

    /** The {@link Scratch#floatRows} slot of the partial sums; callers use the others. */
    static final int PARTIAL_SLOT = 0;

    /** {@link Scratch#floats} slots of the register-tile path: rows of A' end to end, and slice sums. */
    private static final int TILE_A_SLOT = 0;

    private static final int TILE_PARTIAL_SLOT = 1;

    /**
     * Rows per call of the register tiles: a whole number of tiles whose slice sums ({@code 64 x PANEL}
     * floats, 256 KiB) stay in L2 until they are folded into the int32 results.
     */
    static final int TILE_ROW_BLOCK = 64;

    /**
     * Whether whole tiles of rows go through {@link VectorFloatGemm}'s register tiles: under the same
     * rule as the float product ({@link FloatGemm#VECTOR_KERNEL}), so that class is never loaded otherwise. The results are the same integers
     * either way, since every float sum of a slice is exact.
     */
    static final boolean VECTOR_KERNEL = FloatGemm.VECTOR_KERNEL;

    private Int8Gemm() {}

    /** Number of column panels of an n-column matrix. */
    static int panels(int n) {
        return (n + PANEL - 1) / PANEL;
    }

    /**
     * Columns per panel of an n-column matrix: {@code n} split evenly, so that no panel is much
     * narrower than the others (1,536 columns are two panels of 768, not 1,024 and 512).
     */
    static int panelWidth(int n) {
        int panels = Math.max(1, panels(n));
        return (n + panels - 1) / panels;
    }

    /** Arrays that a packed {@code k x n} matrix takes: {@code k} per panel. */
    static int packedRows(int k, int n) {
        return panels(n) * k;
    }

    /**
     * Packs B' into {@code rows}: column {@code j} of depth step {@code p} goes to {@code rows[q * k +
     * p][j - q * w]} for panel {@code q = j / w} of width {@code w = panelWidth(n)}, and is {@code src[off + p * rowStride + j *
     * columnStride]} (int8 or uint8) minus {@code zeroPoints[j]}. B itself is {@code rowStride = n,
     * columnStride = 1}; the transpose of a row-major {@code n x k} weight is {@code rowStride = 1,
     * columnStride = k}. Each array must hold the width of its panel.
     */
    static void pack(
            byte[] src,
            int off,
            int rowStride,
            int columnStride,
            boolean unsigned,
            int k,
            int n,
            int[] zeroPoints,
            float[][] rows) {
        int width = panelWidth(n);
        for (int q = 0; q < panels(n); q++) {
            int j0 = q * width;
            int w = Math.min(width, n - j0);
            for (int p = 0; p < k; p++) {
                float[] row = rows[q * k + p];
                int s = off + p * rowStride + j0 * columnStride;
                for (int j = 0; j < w; j++) {
                    row[j] = Quantization.load(src, s + j * columnStride, unsigned) - zeroPoints[j0 + j];
                }
            }
        }
    }

    /** B' packed by {@link #pack} into new arrays of exactly the panels' widths (for constants). */
    static float[][] packNew(
            byte[] src, int off, int rowStride, int columnStride, boolean unsigned, int k, int n, int[] zeroPoints) {
        float[][] rows = new float[packedRows(k, n)][];
        int width = panelWidth(n);
        for (int q = 0; q < panels(n); q++) {
            for (int p = 0; p < k; p++) {
                rows[q * k + p] = new float[Math.min(width, n - q * width)];
            }
        }
        pack(src, off, rowStride, columnStride, unsigned, k, n, zeroPoints, rows);
        return rows;
    }

    /** Writes a row of A' into {@code dst[0 .. k)}: the values {@code src[off + p] - zeroPoint}. */
    static void loadRow(byte[] src, int off, boolean unsigned, int k, int zeroPoint, float[] dst) {
        if (unsigned) {
            for (int p = 0; p < k; p++) {
                dst[p] = (src[off + p] & 0xff) - zeroPoint;
            }
        } else {
            for (int p = 0; p < k; p++) {
                dst[p] = src[off + p] - zeroPoint;
            }
        }
    }

    /**
     * {@code acc[accOff + r * accStride + (j - from)] = sum_p a[r][p] * B'[p][j]} for {@code r < rows}
     * and columns {@code from <= j < to} of B' ({@code k x n}, packed by {@link #pack} in {@code b}).
     * Uses {@link #PARTIAL_SLOT} of {@code scratch}.
     */
    static void multiply(
            float[][] a,
            int rows,
            int k,
            float[][] b,
            int n,
            int from,
            int to,
            int[] acc,
            int accOff,
            int accStride,
            Scratch scratch) {
        if (from >= to) {
            return;
        }
        if (k == 0) {
            for (int r = 0; r < rows; r++) {
                Arrays.fill(acc, accOff + r * accStride, accOff + r * accStride + (to - from), 0);
            }
            return;
        }
        // Rows short of a whole tile stream B in the column loops, which suits a few rows (bound by
        // reading B); the integers are the same either way.
        int tiled = VECTOR_KERNEL ? rows / VectorFloatGemm.ROWS * VectorFloatGemm.ROWS : 0;
        if (tiled > 0) {
            multiplyByTiles(a, tiled, k, b, n, from, to, acc, accOff, accStride, scratch);
        }
        if (tiled < rows) {
            multiplyByColumns(
                    a, tiled, rows - tiled, k, b, n, from, to, acc, accOff + tiled * accStride, accStride, scratch);
        }
    }

    /**
     * {@link #multiply} for {@code rows} rows, a multiple of {@link VectorFloatGemm#ROWS}, through the
     * register tiles, slice by slice: each slice's exact float sums land in a scratch block and are
     * converted and added to the int32 results as in the column loops. Requires {@link #VECTOR_KERNEL}
     * and {@code k > 0}.
     */
    static void multiplyByTiles(
            float[][] a,
            int rows,
            int k,
            float[][] b,
            int n,
            int from,
            int to,
            int[] acc,
            int accOff,
            int accStride,
            Scratch scratch) {
        int width = panelWidth(n);
        // The tiles read A as one array with strides; copying A' is k floats per row, next to the
        // k * (to - from) multiply-adds of that row.
        float[] flat = scratch.floats(TILE_A_SLOT, rows * k);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(a[r], 0, flat, r * k, k);
        }
        float[] part = scratch.floats(TILE_PARTIAL_SLOT, Math.min(rows, TILE_ROW_BLOCK) * width);
        for (int q = from / width; q * width < to; q++) {
            int j0 = q * width;
            int start = Math.max(from, j0) - j0;
            int end = Math.min(to, Math.min(n, j0 + width)) - j0;
            int columns = end - start;
            for (int p0 = 0; p0 < k; p0 += SLICE) {
                int depth = Math.min(k, p0 + SLICE) - p0;
                // The slice's rows of B as an array of their own (references only), so that the tiles
                // index B exactly as the float product does.
                float[][] slice = Arrays.copyOfRange(b, q * k + p0, q * k + p0 + depth);
                for (int r0 = 0; r0 < rows; r0 += TILE_ROW_BLOCK) {
                    int count = Math.min(TILE_ROW_BLOCK, rows - r0);
                    VectorFloatGemm.multiplyColumns(
                            flat, r0 * k + p0, k, 1, slice, depth, start, end, part, 0, columns, count, scratch);
                    for (int r = 0; r < count; r++) {
                        int o = accOff + (r0 + r) * accStride + j0 - from + start;
                        fold(part, r * columns, acc, o, columns, p0 == 0);
                    }
                }
            }
        }
    }

    /** {@link #multiply} for rows {@code aRow .. aRow + rows - 1} of A' in auto-vectorized column loops, on any JVM. */
    static void multiplyByColumns(
            float[][] a,
            int aRow,
            int rows,
            int k,
            float[][] b,
            int n,
            int from,
            int to,
            int[] acc,
            int accOff,
            int accStride,
            Scratch scratch) {
        int width = panelWidth(n);
        float[][] part = scratch.floatRows(PARTIAL_SLOT, Math.min(rows, ROW_BLOCK), width);
        for (int q = from / width; q * width < to; q++) {
            int j0 = q * width;
            int start = Math.max(from, j0) - j0;
            int end = Math.min(to, Math.min(n, j0 + width)) - j0;
            int bq = q * k;
            // Slice by slice, all rows: a slice of the panel is read from memory once per call and
            // then from L2 for every block of rows.
            for (int p0 = 0; p0 < k; p0 += SLICE) {
                int p1 = Math.min(k, p0 + SLICE);
                for (int r0 = 0; r0 < rows; r0 += ROW_BLOCK) {
                    int count = Math.min(ROW_BLOCK, rows - r0);
                    for (int r = 0; r < count; r++) {
                        Arrays.fill(part[r], start, end, 0f);
                    }
                    int r = 0;
                    for (; r + 4 <= count; r += 4) {
                        fourRows(a, aRow + r0 + r, b, bq, p0, p1, part, r, start, end);
                    }
                    for (; r < count; r++) {
                        oneRow(a[aRow + r0 + r], b, bq, p0, p1, part[r], start, end);
                    }
                    for (r = 0; r < count; r++) {
                        int o = accOff + (r0 + r) * accStride + j0 - from;
                        fold(part[r], start, acc, o + start, end - start, p0 == 0);
                    }
                }
            }
        }
    }

    /** Adds depth steps {@code [p0, p1)} of rows {@code i .. i + 3} of A' to partial sums {@code part[r ..]}. */
    private static void fourRows(
            float[][] a, int i, float[][] b, int bq, int p0, int p1, float[][] part, int r, int start, int end) {
        float[] a0 = a[i];
        float[] a1 = a[i + 1];
        float[] a2 = a[i + 2];
        float[] a3 = a[i + 3];
        float[] c0 = part[r];
        float[] c1 = part[r + 1];
        float[] c2 = part[r + 2];
        float[] c3 = part[r + 3];
        int p = p0;
        for (; p + 2 <= p1; p += 2) {
            fourByTwo(
                    b[bq + p],
                    b[bq + p + 1],
                    c0,
                    c1,
                    c2,
                    c3,
                    a0[p],
                    a0[p + 1],
                    a1[p],
                    a1[p + 1],
                    a2[p],
                    a2[p + 1],
                    a3[p],
                    a3[p + 1],
                    start,
                    end);
        }
        if (p < p1) {
            fourByOne(b[bq + p], c0, c1, c2, c3, a0[p], a1[p], a2[p], a3[p], start, end);
        }
    }

    private static void oneRow(float[] a0, float[][] b, int bq, int p0, int p1, float[] c0, int start, int end) {
        int p = p0;
        for (; p + 4 <= p1; p += 4) {
            oneByFour(
                    b[bq + p],
                    b[bq + p + 1],
                    b[bq + p + 2],
                    b[bq + p + 3],
                    c0,
                    a0[p],
                    a0[p + 1],
                    a0[p + 2],
                    a0[p + 3],
                    start,
                    end);
        }
        for (; p < p1; p++) {
            oneByOne(b[bq + p], c0, a0[p], start, end);
        }
    }

    // The loops below are the vectorized hot spots. Every value in them is an integer below 2^24 in
    // magnitude (see the class comment), so fused and separate multiply-adds give the same bits; the
    // fused form is the one C2 on JDK 17 still packs with four rows in the body.

    private static void fourByTwo(
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
            int start,
            int end) {
        for (int j = start; j < end; j++) {
            float y0 = b0[j];
            float y1 = b1[j];
            c0[j] = Math.fma(x01, y1, Math.fma(x00, y0, c0[j]));
            c1[j] = Math.fma(x11, y1, Math.fma(x10, y0, c1[j]));
            c2[j] = Math.fma(x21, y1, Math.fma(x20, y0, c2[j]));
            c3[j] = Math.fma(x31, y1, Math.fma(x30, y0, c3[j]));
        }
    }

    private static void fourByOne(
            float[] b0,
            float[] c0,
            float[] c1,
            float[] c2,
            float[] c3,
            float x0,
            float x1,
            float x2,
            float x3,
            int start,
            int end) {
        for (int j = start; j < end; j++) {
            float y = b0[j];
            c0[j] = Math.fma(x0, y, c0[j]);
            c1[j] = Math.fma(x1, y, c1[j]);
            c2[j] = Math.fma(x2, y, c2[j]);
            c3[j] = Math.fma(x3, y, c3[j]);
        }
    }

    private static void oneByFour(
            float[] b0,
            float[] b1,
            float[] b2,
            float[] b3,
            float[] c0,
            float x0,
            float x1,
            float x2,
            float x3,
            int start,
            int end) {
        for (int j = start; j < end; j++) {
            c0[j] = Math.fma(x3, b3[j], Math.fma(x2, b2[j], Math.fma(x1, b1[j], Math.fma(x0, b0[j], c0[j]))));
        }
    }

    private static void oneByOne(float[] b0, float[] c0, float x0, int start, int end) {
        for (int j = start; j < end; j++) {
            c0[j] = Math.fma(x0, b0[j], c0[j]);
        }
    }

    /** Sets ({@code first}) or adds a slice's exact partial sums to the int32 results. */
    private static void fold(float[] part, int partOff, int[] acc, int accOff, int count, boolean first) {
        if (first) {
            for (int j = 0; j < count; j++) {
                acc[accOff + j] = (int) part[partOff + j];
            }
        } else {
            for (int j = 0; j < count; j++) {
                acc[accOff + j] += (int) part[partOff + j];
            }
        }
    }
}
