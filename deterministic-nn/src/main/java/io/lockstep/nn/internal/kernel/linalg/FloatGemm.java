package io.lockstep.nn.internal.kernel.linalg;

import java.util.Arrays;

/**
 * The float matrix product of kernel set nn-1, shared by MatMul, Gemm and Conv. Every output element is
 *
 * <pre>
 *   acc = +0.0f
 *   for p = 0 .. K-1:  acc = acc + (a[i][p] * b[p][j])     (each product and each sum rounded to float)
 *   c[i][j] = acc
 * </pre>
 *
 * never with a fused multiply-add. Only the traversal is blocked: columns in panels of {@link #PANEL},
 * the depth in slices of {@link #DEPTH} taken in ascending order (the partial sum waits in {@code c}
 * between slices, which rounds nothing), rows four at a time, and four steps of {@code p} per pass
 * written as one left-to-right expression. The innermost loop runs over output columns, so the JIT
 * vectorizes it with each lane one output element whose sum still goes through {@code p} in order:
 * results are the same bits for any vector width, thread count, JIT tier or blocking.
 */
public final class FloatGemm {
    /** Columns per panel: four rows of the panel's outputs stay in L1 while B streams. */
    public static final int PANEL = 256;

    /** Depth per slice: one slice of a B panel ({@code DEPTH x PANEL} floats) stays in L2. */
    static final int DEPTH = 256;

    private FloatGemm() {}

    /**
     * {@code c[i][j] = sum_p a[i][p] * b[p][j]} for {@code i < m}, {@code j < n}, in the order above,
     * overwriting {@code c}. Element (i, p) of A is {@code a[aOff + i * aRowStride + p * aColStride]},
     * element (p, j) of B is {@code b[bOff + p * bRowStride + j]} and element (i, j) of C is
     * {@code c[cOff + i * cRowStride + j]}. C must not overlap A or B.
     */
    public static void multiply(
            float[] a,
            int aOff,
            int aRowStride,
            int aColStride,
            float[] b,
            int bOff,
            int bRowStride,
            float[] c,
            int cOff,
            int cRowStride,
            int m,
            int n,
            int k) {
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int j1 = Math.min(n, j0 + PANEL);
            for (int i = 0; i < m; i++) {
                int row = cOff + i * cRowStride;
                Arrays.fill(c, row + j0, row + j1, 0f);
            }
            for (int p0 = 0; p0 < k; p0 += DEPTH) {
                int p1 = Math.min(k, p0 + DEPTH);
                int i = 0;
                for (; i + 4 <= m; i += 4) {
                    fourRows(
                            a,
                            aOff + i * aRowStride,
                            aRowStride,
                            aColStride,
                            b,
                            bOff,
                            bRowStride,
                            c,
                            cOff + i * cRowStride,
                            cRowStride,
                            p0,
                            p1,
                            j0,
                            j1);
                }
                for (; i < m; i++) {
                    oneRow(
                            a,
                            aOff + i * aRowStride,
                            aColStride,
                            b,
                            bOff,
                            bRowStride,
                            c,
                            cOff + i * cRowStride,
                            p0,
                            p1,
                            j0,
                            j1);
                }
            }
        }
    }

    /** Adds depth steps {@code [p0, p1)} to columns {@code [j0, j1)} of four rows of C. */
    private static void fourRows(
            float[] a,
            int aOff,
            int lda,
            int as,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int ldc,
            int p0,
            int p1,
            int j0,
            int j1) {
        int r0 = aOff;
        int r1 = r0 + lda;
        int r2 = r1 + lda;
        int r3 = r2 + lda;
        int c0 = cOff;
        int c1 = c0 + ldc;
        int c2 = c1 + ldc;
        int c3 = c2 + ldc;
        int p = p0;
        for (; p + 4 <= p1; p += 4) {
            int q0 = p * as;
            int q1 = q0 + as;
            int q2 = q1 + as;
            int q3 = q2 + as;
            float a00 = a[r0 + q0], a01 = a[r0 + q1], a02 = a[r0 + q2], a03 = a[r0 + q3];
            float a10 = a[r1 + q0], a11 = a[r1 + q1], a12 = a[r1 + q2], a13 = a[r1 + q3];
            float a20 = a[r2 + q0], a21 = a[r2 + q1], a22 = a[r2 + q2], a23 = a[r2 + q3];
            float a30 = a[r3 + q0], a31 = a[r3 + q1], a32 = a[r3 + q2], a33 = a[r3 + q3];
            int b0 = bOff + p * ldb;
            int b1 = b0 + ldb;
            int b2 = b1 + ldb;
            int b3 = b2 + ldb;
            for (int j = j0; j < j1; j++) {
                float y0 = b[b0 + j];
                float y1 = b[b1 + j];
                float y2 = b[b2 + j];
                float y3 = b[b3 + j];
                c[c0 + j] = c[c0 + j] + a00 * y0 + a01 * y1 + a02 * y2 + a03 * y3;
                c[c1 + j] = c[c1 + j] + a10 * y0 + a11 * y1 + a12 * y2 + a13 * y3;
                c[c2 + j] = c[c2 + j] + a20 * y0 + a21 * y1 + a22 * y2 + a23 * y3;
                c[c3 + j] = c[c3 + j] + a30 * y0 + a31 * y1 + a32 * y2 + a33 * y3;
            }
        }
        for (; p < p1; p++) {
            int q = p * as;
            float x0 = a[r0 + q];
            float x1 = a[r1 + q];
            float x2 = a[r2 + q];
            float x3 = a[r3 + q];
            int bo = bOff + p * ldb;
            for (int j = j0; j < j1; j++) {
                float y = b[bo + j];
                c[c0 + j] = c[c0 + j] + x0 * y;
                c[c1 + j] = c[c1 + j] + x1 * y;
                c[c2 + j] = c[c2 + j] + x2 * y;
                c[c3 + j] = c[c3 + j] + x3 * y;
            }
        }
    }

    /** Adds depth steps {@code [p0, p1)} to columns {@code [j0, j1)} of one row of C. */
    private static void oneRow(
            float[] a,
            int aOff,
            int as,
            float[] b,
            int bOff,
            int ldb,
            float[] c,
            int cOff,
            int p0,
            int p1,
            int j0,
            int j1) {
        int p = p0;
        for (; p + 4 <= p1; p += 4) {
            float x0 = a[aOff + p * as];
            float x1 = a[aOff + (p + 1) * as];
            float x2 = a[aOff + (p + 2) * as];
            float x3 = a[aOff + (p + 3) * as];
            int b0 = bOff + p * ldb;
            int b1 = b0 + ldb;
            int b2 = b1 + ldb;
            int b3 = b2 + ldb;
            for (int j = j0; j < j1; j++) {
                c[cOff + j] = c[cOff + j] + x0 * b[b0 + j] + x1 * b[b1 + j] + x2 * b[b2 + j] + x3 * b[b3 + j];
            }
        }
        for (; p < p1; p++) {
            float x = a[aOff + p * as];
            int bo = bOff + p * ldb;
            for (int j = j0; j < j1; j++) {
                c[cOff + j] = c[cOff + j] + x * b[bo + j];
            }
        }
    }

    /**
     * B (row-major {@code k x n}, or {@code n x k} when {@code transposed}) rearranged into column panels
     * of {@link #PANEL}: panel {@code q} holds columns {@code [q * PANEL, q * PANEL + width(q))} as
     * {@code k} contiguous rows of {@code width(q)} floats starting at {@code q * PANEL * k}. Done once
     * when the model is prepared, for constant B.
     */
    public static float[] packPanels(float[] b, int k, int n, boolean transposed) {
        float[] packed = new float[k * n];
        for (int j0 = 0; j0 < n; j0 += PANEL) {
            int width = Math.min(PANEL, n - j0);
            int base = j0 * k;
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < width; j++) {
                    packed[base + p * width + j] = transposed ? b[(j0 + j) * k + p] : b[p * n + j0 + j];
                }
            }
        }
        return packed;
    }

    /** Number of column panels of an n-column matrix. */
    public static int panels(int n) {
        return (n + PANEL - 1) / PANEL;
    }
}
