package io.lockstep.nn.internal.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.nn.internal.kernel.linalg.VectorFloatGemm;
import io.lockstep.nn.internal.operator.Scratch;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The register-tile path of the int8 GEMM against its column loops, integer for integer, over shapes
 * that take several panels, several slices, several blocks of tiled rows, column ranges that start
 * inside a panel, leftover vectors and scalar leftover columns, with random and extreme operands.
 * Skips in a JVM without the incubator module (the build's test JVMs have it). Seed: {@code
 * -Dlockstep.seed}.
 */
class Int8GemmTilesTest {
    private static final long SEED = Long.getLong("lockstep.seed", 0x696e7438L);

    @Test
    void tilesGiveTheSameIntegersAsTheColumnLoops() {
        assumeTrue(
                ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent() && VectorFloatGemm.usable(),
                "jdk.incubator.vector is not resolved or has no native 256-bit vectors in this JVM");
        System.out.println("Int8GemmTilesTest.tilesGiveTheSameIntegersAsTheColumnLoops seed=" + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        // rows (a multiple of the tile height), depth, columns, first column, last column
        int[][] shapes = {
            {8, 1, 1, 0, 1},
            {8, 255, 33, 0, 33},
            {16, 256, 64, 5, 60},
            {72, 257, 100, 0, 100},
            {136, 513, 47, 3, 47},
            {8, 700, 1300, 0, 1300},
            {24, 300, 1300, 650, 1299},
            {64, 2 * Int8Gemm.SLICE, Int8Gemm.PANEL + 37, 17, Int8Gemm.PANEL + 30}
        };
        for (int s = 0; s < shapes.length; s++) {
            int m = shapes[s][0];
            int k = shapes[s][1];
            int n = shapes[s][2];
            int from = shapes[s][3];
            int to = shapes[s][4];
            boolean extreme = s % 2 == 1;
            float[][] a = new float[m][k];
            for (float[] row : a) {
                fill(random, row, extreme);
            }
            float[][] b = new float[Int8Gemm.packedRows(k, n)][Int8Gemm.panelWidth(n)];
            for (float[] row : b) {
                fill(random, row, extreme);
            }
            int width = to - from;
            int[] expected = new int[m * (width + 2) + 1];
            int[] actual = new int[expected.length];
            Arrays.fill(actual, 7);
            Arrays.fill(expected, 7);
            Int8Gemm.multiplyByColumns(a, 0, m, k, b, n, from, to, expected, 1, width + 2, new Scratch());
            Int8Gemm.multiplyByTiles(a, m, k, b, n, from, to, actual, 1, width + 2, new Scratch());
            assertArrayEquals(
                    expected,
                    actual,
                    "seed=" + SEED + " shape " + s + ": " + m + "x" + k + "x" + n + " [" + from + ", " + to + ")");
        }
    }

    /** Integers in [-255, 255]; extreme rows are all +-255 of one sign, so slice sums reach their bound. */
    private static void fill(SplittableRandom random, float[] row, boolean extreme) {
        for (int j = 0; j < row.length; j++) {
            row[j] = extreme ? -255 : random.nextInt(511) - 255;
        }
    }
}
