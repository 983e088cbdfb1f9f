package io.lockstep.nn.internal.kernel.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exp of kernel set nn-2 rounds to the same float as {@code StrictMath.exp} (nn-1) on every float, and
 * so do Sigmoid's {@code 1 / (1 + exp(-x))}. The seeded samples run always; every float is checked with
 * {@code -Dlockstep.exhaustive=true} (several minutes).
 */
class FloatExpTest {
    private static final int SAMPLES = 400_000;

    private static void assertSameAsNn1(float x, String context) {
        float expected = (float) StrictMath.exp(x);
        float actual = (float) FloatExp.exp(x);
        assertEquals(
                Float.floatToRawIntBits(expected),
                Float.floatToRawIntBits(actual),
                () -> "exp(" + x + ") = " + actual + ", nn-1 gives " + expected + context);
    }

    private static float randomFloat(SplittableRandom random) {
        // every float of magnitude up to 128, uniform over their bits, either sign
        float x = Float.intBitsToFloat(random.nextInt(0x43000001));
        return random.nextBoolean() ? -x : x;
    }

    @Test
    void roundsLikeStrictMathOnASeededSample() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FloatExpTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < SAMPLES; n++) {
            assertSameAsNn1(randomFloat(random), ", seed " + seed);
        }
    }

    @Test
    void sigmoidRoundsLikeNn1OnASeededSample() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FloatExpTest sigmoid seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        for (int n = 0; n < SAMPLES; n++) {
            float x = randomFloat(random);
            float expected = (float) (1.0 / (1.0 + StrictMath.exp(-(double) x)));
            float actual = (float) UnaryOperator.sigmoid(x);
            assertEquals(Float.floatToRawIntBits(expected), Float.floatToRawIntBits(actual), "sigmoid(" + x + ")");
        }
    }

    @Test
    void doubleResultIsCloseToStrictMathOverTheWholeRange() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FloatExpTest double seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        double worst = 0;
        for (int n = 0; n < SAMPLES; n++) {
            double y = random.nextDouble(-708, 709);
            double expected = StrictMath.exp(y);
            double relative = Math.abs(FloatExp.exp(y) - expected) / expected;
            assertTrue(relative < 1e-15, "exp(" + y + "), seed " + seed);
            worst = Math.max(worst, relative);
        }
        System.out.println("FloatExp: worst relative error " + worst + " on [-708, 709]");
    }

    @Test
    void theArrayFormMatchesTheScalarForm() {
        long seed = new SplittableRandom().nextLong();
        SplittableRandom random = new SplittableRandom(seed);
        double[] y = new double[1000];
        double[] k = new double[1000];
        for (int i = 0; i < y.length; i++) {
            y[i] = random.nextInt(50) == 0 ? Double.NaN : random.nextDouble(-800, 800);
        }
        double[] in = y.clone();
        FloatExp.exp(y, k, 3, 997);
        for (int i = 0; i < y.length; i++) {
            double expected = i < 3 || i >= 997 ? in[i] : FloatExp.exp(in[i]);
            assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(y[i]), "seed " + seed);
        }
    }

    @Test
    void everyFloatRoundsLikeStrictMath() {
        assumeTrue(Boolean.getBoolean("lockstep.exhaustive"), "exhaustive check runs with -Dlockstep.exhaustive=true");
        for (long bits = 0; bits <= 0xffffffffL; bits++) {
            float x = Float.intBitsToFloat((int) bits);
            if (x == x) {
                assertSameAsNn1(x, "");
            }
        }
    }

    @Test
    void specialValues() {
        assertEquals(1.0, FloatExp.exp(0.0));
        assertEquals(1.0, FloatExp.exp(-0.0));
        assertEquals(0f, (float) FloatExp.exp(Double.NEGATIVE_INFINITY));
        assertEquals(0f, (float) FloatExp.exp(-104.0));
        assertEquals(Float.MIN_VALUE, (float) FloatExp.exp(-103.5));
        assertEquals(Float.POSITIVE_INFINITY, (float) FloatExp.exp(89.0));
        assertEquals(Float.POSITIVE_INFINITY, (float) FloatExp.exp(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(FloatExp.exp(Double.NaN)));
    }
}
