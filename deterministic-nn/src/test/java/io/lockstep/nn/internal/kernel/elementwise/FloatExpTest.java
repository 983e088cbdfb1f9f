package io.lockstep.nn.internal.kernel.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The exp of kernel set nn-2, rounded to float, against {@code StrictMath.exp} rounded to float (fdlibm is
 * within one double ulp, so that is a correctly rounded float reference except next to a midpoint). Every
 * float input is checked with {@code -Dlockstep.exhaustive=true} (a few minutes).
 */
class FloatExpTest {
    private static final int SAMPLES = 400_000;

    private static long ulps(float actual, float expected) {
        return Math.abs((long) Float.floatToRawIntBits(actual) - Float.floatToRawIntBits(expected));
    }

    @Test
    void withinOneUlpOfTheCorrectlyRoundedFloatOnADenseSample() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FloatExpTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        long worst = 0;
        int inexact = 0;
        for (int n = 0; n < SAMPLES; n++) {
            // every float of magnitude up to 128, uniform over their bits, either sign
            float x = Float.intBitsToFloat(random.nextInt(0x43000001));
            if (random.nextBoolean()) {
                x = -x;
            }
            float expected = (float) StrictMath.exp(x);
            float actual = (float) FloatExp.exp(x);
            long error = ulps(actual, expected);
            assertTrue(error <= 1, "exp(" + x + ") = " + actual + ", expected " + expected + ", seed " + seed);
            worst = Math.max(worst, error);
            inexact += error == 0 ? 0 : 1;
        }
        System.out.println("FloatExp: worst " + worst + " ulp, " + inexact + " of " + SAMPLES + " off by one");
    }

    @Test
    void doubleResultIsCloseToStrictMathOverTheWholeRange() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FloatExpTest seed " + seed);
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
    void everyFloatWithinOneUlp() {
        assumeTrue(Boolean.getBoolean("lockstep.exhaustive"), "exhaustive check runs with -Dlockstep.exhaustive=true");
        long inexact = 0;
        for (long bits = 0; bits <= 0xffffffffL; bits++) {
            float x = Float.intBitsToFloat((int) bits);
            if (x != x) {
                continue;
            }
            long error = ulps((float) FloatExp.exp(x), (float) StrictMath.exp(x));
            assertTrue(error <= 1, "exp(" + x + ")");
            inexact += error == 0 ? 0 : 1;
        }
        System.out.println("FloatExp exhaustive: " + inexact + " floats off by one ulp, none by more");
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
