package io.lockstep.nn.internal.kernel.quant;

import java.util.Arrays;

/**
 * Products of 8-bit matrices with int32 accumulation: {@code C[i][j] = sum over p of A'[i][p] * B'[p][j]}
 * where {@code A'} and {@code B'} are the 8-bit values minus their zero points, each in {@code
 * [-255, 255]}, held as shorts.
 *
 * <p>Exactness: integer addition is associative, so every summation order gives the same bits; the
 * JIT may vectorize and reorder freely. Every partial sum is bounded by {@code k * 255 * 255}, which
 * fits an int for {@code k <= }{@link #MAX_DEPTH}; operators refuse deeper products when they are
 * planned, so no sum ever wraps.
 *
 * <p>Layout: B' is packed once (when it is a constant, at plan time) into panels of {@link #PANEL}
 * columns; within a panel, rows are taken in pairs {@code (2q, 2q+1)} and stored interleaved, {@code
 * [q][j][2]}, with a zero row appended when {@code k} is odd. The inner loop {@code acc[j] += x0 *
 * b[2j] + x1 * b[2j+1]} over such pairs is the shape the JIT turns into multiply-add of short pairs
 * ({@code vpmaddwd} on x86): about 1.5 times the speed of widening to int products, 2 times that of reading bytes.
 */
final class Int8Gemm {
    /** Deepest product whose int32 sums cannot overflow: {@code floor((2^31 - 1) / (255 * 255))}. */
    static final int MAX_DEPTH = Integer.MAX_VALUE / (255 * 255);

    /** Columns per panel: a panel row of pairs, its accumulators and the broadcast pairs stay in L1. */
    static final int PANEL = 512;

    /** Rows that share one pass over a panel, so that the panel is read from cache, not memory. */
    static final int ROW_GROUP = 8;

    private Int8Gemm() {}

    /** {@code k} rounded up to even: the length of a row of A' and the packed depth. */
    static int paddedDepth(int k) {
        return k + (k & 1);
    }

    /** Shorts that a packed {@code k x n} matrix takes. */
    static int packedLength(int k, int n) {
        return paddedDepth(k) * n;
    }

    /**
     * Packs B' into {@code out[outOff ..]}: element {@code (p, j)} is {@code src[off + p * rowStride + j
     * * columnStride]} (int8 or uint8) minus {@code zeroPoints[j]}. B itself is {@code rowStride = n,
     * columnStride = 1}; the transpose of a row-major {@code n x k} weight is {@code rowStride = 1,
     * columnStride = k}.
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
            short[] out,
            int outOff) {
        int kp = paddedDepth(k);
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int w = Math.min(PANEL, n - j0);
            int base = outOff + j0 * kp;
            for (int p = 0; p < kp; p++) {
                int o = base + (p >> 1) * 2 * w + (p & 1);
                if (p == k) {
                    for (int j = 0; j < w; j++) {
                        out[o + 2 * j] = 0;
                    }
                    continue;
                }
                int s = off + p * rowStride + j0 * columnStride;
                for (int j = 0; j < w; j++) {
                    int v = Quantization.load(src, s + j * columnStride, unsigned);
                    out[o + 2 * j] = (short) (v - zeroPoints[j0 + j]);
                }
            }
        }
    }

    /**
     * Writes row {@code i} of A' into {@code dst[dstOff .. dstOff + paddedDepth(k))}: {@code k} values
     * {@code src[off + p] - zeroPoint} and, for odd {@code k}, a 0.
     */
    static void loadRow(byte[] src, int off, boolean unsigned, int k, int zeroPoint, short[] dst, int dstOff) {
        if (unsigned) {
            for (int p = 0; p < k; p++) {
                dst[dstOff + p] = (short) ((src[off + p] & 0xff) - zeroPoint);
            }
        } else {
            for (int p = 0; p < k; p++) {
                dst[dstOff + p] = (short) (src[off + p] - zeroPoint);
            }
        }
        if ((k & 1) != 0) {
            dst[dstOff + k] = 0;
        }
    }

    /**
     * {@code acc[accOff + r * accStride + (j - from)] = sum_p a[aOff + r * aStride + p] * B'[p][j]} for
     * {@code r < rows} and columns {@code from <= j < to} of B' ({@code k x n}, packed at {@code
     * packed[pOff ..]}).
     *
     * @param pairs scratch of at least {@code 2 * min(to - from, PANEL)} shorts
     */
    static void multiply(
            short[] a,
            int aOff,
            int aStride,
            int rows,
            int k,
            short[] packed,
            int pOff,
            int n,
            int from,
            int to,
            int[] acc,
            int accOff,
            int accStride,
            short[] pairs) {
        int kp = paddedDepth(k);
        for (int j0 = from - from % PANEL; j0 < to; j0 += PANEL) {
            int width = Math.min(PANEL, n - j0);
            int start = Math.max(from, j0) - j0;
            int end = Math.min(to, j0 + width) - j0;
            int base = pOff + j0 * kp;
            for (int r = 0; r < rows; r++) {
                int o = accOff + r * accStride + j0 + start - from;
                panelRow(a, aOff + r * aStride, kp, packed, base, width, start, end, acc, o, pairs);
            }
        }
    }

    /** One row of A' times columns {@code [start, end)} of one panel (width {@code width}) of B'. */
    private static void panelRow(
            short[] a,
            int aOff,
            int kp,
            short[] packed,
            int base,
            int width,
            int start,
            int end,
            int[] acc,
            int o,
            short[] pairs) {
        int w = end - start;
        Arrays.fill(acc, o, o + w, 0);
        for (int q = 0; q < kp; q += 2) {
            short x0 = a[aOff + q];
            short x1 = a[aOff + q + 1];
            if ((x0 | x1) == 0) {
                continue;
            }
            for (int j = 0; j < w; j++) {
                pairs[2 * j] = x0;
                pairs[2 * j + 1] = x1;
            }
            int b = base + (q >> 1) * 2 * width + 2 * start;
            for (int j = 0; j < w; j++) {
                acc[o + j] += pairs[2 * j] * packed[b + 2 * j] + pairs[2 * j + 1] * packed[b + 2 * j + 1];
            }
        }
    }
}
