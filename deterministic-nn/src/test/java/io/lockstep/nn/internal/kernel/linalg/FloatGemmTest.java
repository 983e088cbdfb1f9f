package io.lockstep.nn.internal.kernel.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.nn.internal.operator.Scratch;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link FloatGemm} against the plain triple loop of the specification, bit for bit, for sizes that cut
 * across its row blocks, depth slices and column panels, with strided and transposed operands. A
 * failure names its seed.
 */
class FloatGemmTest {
    private static final long FIRST_SEED = 0x6e6d6d;

    @Test
    void everyElementIsTheSumInAscendingDepthOrder() {
        int[][] shapes = {
            {1, 1, 1},
            {3, 5, 7},
            {2, 512, 256},
            {65, 513, 257},
            {9, 300, 17},
            {17, 1, 600},
            {130, 1000, 3},
            {13, 259, 260}
        };
        Scratch scratch = new Scratch();
        for (int s = 0; s < shapes.length; s++) {
            long seed = FIRST_SEED + s;
            Random r = new Random(seed);
            int m = shapes[s][0];
            int n = shapes[s][1];
            int k = shapes[s][2];
            boolean transposedA = s % 2 == 1;
            boolean transposedB = s % 3 == 1;
            float[] a = values(r, m * k + 3);
            float[] b = values(r, k * (n + 2) + 5);
            int aOff = 3;
            int aRowStride = transposedA ? 1 : k;
            int aColStride = transposedA ? m : 1;
            int bOff = 5;
            int bRowStride = transposedB ? 1 : n + 2;
            int bColStride = transposedB ? k : 1;
            float[][] rows = new float[k][n];
            FloatGemm.gatherPanel(b, bOff, bRowStride, bColStride, k, 0, n, rows);
            float[] c = new float[m * (n + 1) + 7];
            Arrays.fill(c, Float.NaN);
            FloatGemm.multiply(a, aOff, aRowStride, aColStride, rows, k, n, c, 7, n + 1, m, scratch);
            float[] expected = new float[m * n];
            float[] actual = new float[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    float acc = 0f;
                    for (int p = 0; p < k; p++) {
                        acc = Math.fma(
                                a[aOff + i * aRowStride + p * aColStride],
                                b[bOff + p * bRowStride + j * bColStride],
                                acc);
                    }
                    expected[i * n + j] = acc;
                    actual[i * n + j] = c[7 + i * (n + 1) + j];
                }
            }
            assertArrayEquals(bits(expected), bits(actual), "seed " + seed + " m=" + m + " n=" + n + " k=" + k);
        }
    }

    @Test
    void theOrderIsObservable() {
        // The same sum taken from the other end rounds differently somewhere: the test above can fail.
        Random r = new Random(FIRST_SEED);
        int k = 512;
        float[] a = values(r, 64 * k);
        float[] b = values(r, k);
        boolean differs = false;
        for (int i = 0; i < 64; i++) {
            float forward = 0f;
            float backward = 0f;
            for (int p = 0; p < k; p++) {
                forward = Math.fma(a[i * k + p], b[p], forward);
                backward = Math.fma(a[i * k + k - 1 - p], b[k - 1 - p], backward);
            }
            differs |= Float.floatToRawIntBits(forward) != Float.floatToRawIntBits(backward);
        }
        assertTrue(differs, "reversing the sums changed nothing; the inputs cannot detect a wrong order");
    }

    @Test
    void packedPanelsGiveTheSameBits() {
        long seed = FIRST_SEED + 100;
        Random r = new Random(seed);
        // Rows: only leftovers of a register tile, a tile and leftovers, and more than one row block.
        for (int m : new int[] {6, 13, 100}) {
            int k = 70;
            int n = 1100;
            Scratch scratch = new Scratch();
            float[] a = values(r, m * k);
            float[] b = values(r, k * n);
            float[] bt = new float[n * k];
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    bt[j * k + p] = b[p * n + j];
                }
            }
            float[][] rows = new float[k][n];
            FloatGemm.gatherPanel(b, 0, n, 1, k, 0, n, rows);
            float[] whole = new float[m * n];
            FloatGemm.multiplyByColumns(a, 0, k, 1, rows, k, n, whole, 0, n, m, scratch);
            for (FloatGemm.Panel[] panels : new FloatGemm.Panel[][] {
                FloatGemm.packPanels(b, 0, k, n, false), FloatGemm.packPanels(bt, 0, k, n, true)
            }) {
                float[] viaPanels = new float[m * n];
                for (int q = 0; q < FloatGemm.panels(n); q++) {
                    FloatGemm.multiply(a, 0, k, 1, null, panels[q], viaPanels, q * FloatGemm.PANEL, n, m, scratch);
                }
                assertArrayEquals(bits(whole), bits(viaPanels), "seed " + seed + " m=" + m);
            }
            // Gathered at run time into scratch, as a B that is not a constant is.
            float[] gathered = new float[m * n];
            for (int q = 0; q < FloatGemm.panels(n); q++) {
                int col0 = q * FloatGemm.PANEL;
                int width = Math.min(FloatGemm.PANEL, n - col0);
                FloatGemm.Panel panel = FloatGemm.gather(bt, 0, 1, k, k, col0, width, scratch);
                FloatGemm.multiply(a, 0, k, 1, null, panel, gathered, col0, n, m, scratch);
            }
            assertArrayEquals(bits(whole), bits(gathered), "seed " + seed + " m=" + m + ", gathered");
        }
    }

    static float[] values(Random r, int count) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (r.nextFloat() - 0.5f) * (r.nextInt(4) == 0 ? 1000f : 1f);
        }
        return v;
    }

    static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }
}
