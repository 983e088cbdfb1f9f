package io.lockstep.nn.internal.kernel.linalg;

/**
 * Float matrix products with a fixed summation order: every output element is
 * {@code acc = 0; for k = 0..K-1: acc = acc + a[i][k] * b[k][j]} in float, each product rounded and then
 * each sum rounded (no fused multiply-add). The loops run over {@code k} outside and {@code j} inside,
 * so the JIT vectorizes across output columns (lanes are independent elements) and never reorders a
 * sum. Rows are processed four at a time and columns in blocks, which changes only memory traffic.
 */
final class MatMulKernels {
    /** Columns per block: four output rows of this many floats stay in L1 while B streams. */
    static final int COLUMN_BLOCK = 512;

    private MatMulKernels() {}

    /**
     * Computes {@code rows} consecutive output rows {@code out[o + r*n ..]} of an (m x k) by (k x n)
     * product, A rows starting at {@code aOff + r*k}, B at {@code bOff} (row-major k x n).
     */
    static void rows(float[] a, int aOff, float[] b, int bOff, float[] out, int o, int rows, int k, int n) {
        int r = 0;
        for (; r + 4 <= rows; r += 4) {
            fourRows(a, aOff + r * k, b, bOff, out, o + r * n, k, n);
        }
        for (; r < rows; r++) {
            oneRow(a, aOff + r * k, b, bOff, out, o + r * n, k, n);
        }
    }

    private static void fourRows(float[] a, int aOff, float[] b, int bOff, float[] out, int o, int k, int n) {
        int o0 = o;
        int o1 = o + n;
        int o2 = o + 2 * n;
        int o3 = o + 3 * n;
        for (int jb = 0; jb < n; jb += COLUMN_BLOCK) {
            int je = Math.min(n, jb + COLUMN_BLOCK);
            java.util.Arrays.fill(out, o0 + jb, o0 + je, 0f);
            java.util.Arrays.fill(out, o1 + jb, o1 + je, 0f);
            java.util.Arrays.fill(out, o2 + jb, o2 + je, 0f);
            java.util.Arrays.fill(out, o3 + jb, o3 + je, 0f);
            for (int p = 0; p < k; p++) {
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
    }

    private static void oneRow(float[] a, int aOff, float[] b, int bOff, float[] out, int o, int k, int n) {
        java.util.Arrays.fill(out, o, o + n, 0f);
        for (int p = 0; p < k; p++) {
            float x = a[aOff + p];
            int bo = bOff + p * n;
            for (int j = 0; j < n; j++) {
                out[o + j] += x * b[bo + j];
            }
        }
    }
}
