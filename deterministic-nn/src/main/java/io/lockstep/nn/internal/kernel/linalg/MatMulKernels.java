package io.lockstep.nn.internal.kernel.linalg;

/**
 * Float matrix products with a fixed summation order: every output element is
 * {@code acc = 0; for k = 0..K-1: acc = acc + a[i][k] * b[k][j]} in float, each product rounded and then
 * each sum rounded (no fused multiply-add). The partial sum lives in the output array between steps,
 * which changes nothing since it is a float either way.
 *
 * <p>The loops are blocked for the caches, rows by {@link #ROW_BLOCK}, columns by
 * {@link #COLUMN_BLOCK}, depth by {@link #DEPTH_BLOCK}, with the depth blocks in ascending order, so
 * each output element still sees its products in ascending {@code k}. The innermost loop runs over
 * output columns, which the JIT vectorizes lane-wise (lanes are independent output elements); four
 * output rows share each load of B.
 */
final class MatMulKernels {
    static final int ROW_BLOCK = 64;
    static final int COLUMN_BLOCK = 256;
    static final int DEPTH_BLOCK = 128;

    private MatMulKernels() {}

    /**
     * Computes {@code rows} consecutive output rows {@code out[o + r*n ..]} of an (m x k) by (k x n)
     * product, A rows starting at {@code aOff + r*k}, B at {@code bOff} (row-major k x n).
     */
    static void rows(float[] a, int aOff, float[] b, int bOff, float[] out, int o, int rows, int k, int n) {
        for (int ib = 0; ib < rows; ib += ROW_BLOCK) {
            int ie = Math.min(rows, ib + ROW_BLOCK);
            for (int jb = 0; jb < n; jb += COLUMN_BLOCK) {
                int je = Math.min(n, jb + COLUMN_BLOCK);
                for (int r = ib; r < ie; r++) {
                    java.util.Arrays.fill(out, o + r * n + jb, o + r * n + je, 0f);
                }
                for (int pb = 0; pb < k; pb += DEPTH_BLOCK) {
                    int pe = Math.min(k, pb + DEPTH_BLOCK);
                    int r = ib;
                    for (; r + 4 <= ie; r += 4) {
                        fourRows(a, aOff + r * k, b, bOff, out, o + r * n, k, n, jb, je, pb, pe);
                    }
                    for (; r < ie; r++) {
                        oneRow(a, aOff + r * k, b, bOff, out, o + r * n, n, jb, je, pb, pe);
                    }
                }
            }
        }
    }

    private static void fourRows(
            float[] a,
            int aOff,
            float[] b,
            int bOff,
            float[] out,
            int o,
            int k,
            int n,
            int jb,
            int je,
            int pb,
            int pe) {
        int o0 = o;
        int o1 = o + n;
        int o2 = o + 2 * n;
        int o3 = o + 3 * n;
        for (int p = pb; p < pe; p++) {
            float x0 = a[aOff + p];
            float x1 = a[aOff + k + p];
            float x2 = a[aOff + 2 * k + p];
            float x3 = a[aOff + 3 * k + p];
            int bo = bOff + p * n;
            for (int j = jb; j < je; j++) {
                float y = b[bo + j];
                out[o0 + j] += x0 * y;
                out[o1 + j] += x1 * y;
                out[o2 + j] += x2 * y;
                out[o3 + j] += x3 * y;
            }
        }
    }

    private static void oneRow(
            float[] a, int aOff, float[] b, int bOff, float[] out, int o, int n, int jb, int je, int pb, int pe) {
        for (int p = pb; p < pe; p++) {
            float x = a[aOff + p];
            int bo = bOff + p * n;
            for (int j = jb; j < je; j++) {
                out[o + j] += x * b[bo + j];
            }
        }
    }
}
