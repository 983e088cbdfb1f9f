package io.lockstep.nn.internal.kernel.linalg;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.nn.internal.operator.Scratch;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The Vector API kernel against the column loops, bit for bit, on tiles, leftover rows, leftover
 * vectors and scalar leftover columns, with strided and transposed A. Skips in a JVM without the
 * incubator module (the build's test JVMs have it). A failure names its seed.
 */
class VectorFloatGemmTest {
    private static final long FIRST_SEED = 0x766563;

    @Test
    void sameBitsAsTheColumnLoops() {
        assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorFloatGemm.usable(),
                "jdk.incubator.vector is not resolved or has no native 256-bit vectors in this JVM");
        // Rows beyond one block of 96 with a partial tile, a shape without depth, and one Scratch for all of
        // them, so that packed copies left by a larger product must not leak into a smaller one.
        int[][] shapes = {
            {6, 32, 1}, {7, 33, 300}, {13, 100, 257}, {97, 70, 5}, {1, 17, 40}, {12, 512, 64}, {203, 70, 33}, {8, 64, 0}
        };
        Scratch scratch = new Scratch();
        for (int s = 0; s < shapes.length; s++) {
            long seed = FIRST_SEED + s;
            Random r = new Random(seed);
            int m = shapes[s][0];
            int n = shapes[s][1];
            int k = shapes[s][2];
            boolean transposedA = s % 2 == 1;
            float[] a = FloatGemmTest.values(r, m * k + 2);
            float[][] b = new float[k][];
            for (int p = 0; p < k; p++) {
                b[p] = FloatGemmTest.values(r, n);
            }
            int aRowStride = transposedA ? 1 : k;
            int aColStride = transposedA ? m : 1;
            float[] expected = new float[m * (n + 3) + 1];
            float[] actual = new float[m * (n + 3) + 1];
            FloatGemm.multiplyByColumns(a, 2, aRowStride, aColStride, b, k, n, expected, 1, n + 3, m, scratch);
            VectorFloatGemm.multiply(a, 2, aRowStride, aColStride, b, k, n, actual, 1, n + 3, m, scratch);
            assertArrayEquals(
                    FloatGemmTest.bits(expected),
                    FloatGemmTest.bits(actual),
                    "seed " + seed + " m=" + m + " n=" + n + " k=" + k);
        }
    }

    /**
     * A column range {@code [from, to)} of B gives the bits of the whole product of A with those
     * columns cut out, as the int8 product uses it.
     */
    @Test
    void columnRangeIsTheProductOfTheCutOutColumns() {
        assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorFloatGemm.usable(),
                "jdk.incubator.vector is not resolved or has no native 256-bit vectors in this JVM");
        long seed = FIRST_SEED + 100;
        Random r = new Random(seed);
        int m = 17;
        int n = 90;
        int k = 40;
        int from = 5;
        int to = 83;
        float[][] b = new float[k][];
        for (int p = 0; p < b.length; p++) {
            b[p] = FloatGemmTest.values(r, n);
        }
        float[][] cut = new float[k][];
        for (int p = 0; p < k; p++) {
            cut[p] = java.util.Arrays.copyOfRange(b[p], from, to);
        }
        float[] a = FloatGemmTest.values(r, m * k);
        int width = to - from;
        float[] expected = new float[m * width];
        float[] actual = new float[m * width];
        FloatGemm.multiplyByColumns(a, 0, k, 1, cut, k, width, expected, 0, width, m, new Scratch());
        VectorFloatGemm.multiplyColumns(a, 0, k, 1, b, k, from, to, actual, 0, width, m, new Scratch());
        assertArrayEquals(FloatGemmTest.bits(expected), FloatGemmTest.bits(actual), "seed " + seed);
    }
}
