package io.lockstep.nn.internal.kernel.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float erf of kernel set nn-2 against the double erf of nn-1 rounded to float, which is accurate to
 * a few double ulps (checked against a 160-digit series by {@link ErfTest}) and so a correctly rounded
 * float reference except next to a midpoint. The dense sample runs always; every float of [0, 4] is
 * checked with {@code -Dlockstep.exhaustive=true} (about two minutes; erf is odd and so is ours, exactly).
 */
class FloatErfTest {
    private static final int SAMPLES = 400_000;

    /** The distance in float ulps between two finite floats of the same sign. */
    private static long ulps(float actual, float expected) {
        return Math.abs((long) Float.floatToRawIntBits(actual) - Float.floatToRawIntBits(expected));
    }

    private static float reference(float x) {
        return (float) Erf.erf(x);
    }

    @Test
    void withinOneUlpOnADenseSampleOfFloats() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FloatErfTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        long worst = 0;
        int inexact = 0;
        for (int n = 0; n < SAMPLES; n++) {
            // uniform over the bits of the floats in [0, 4.5], so every binade is sampled, tiny ones too
            float x = Float.intBitsToFloat(random.nextInt(0x40900001));
            if (random.nextBoolean()) {
                x = -x;
            }
            float expected = reference(x);
            float actual = FloatErf.erf(x);
            long error = ulps(actual, expected);
            assertTrue(error <= 1, "erf(" + x + ") = " + actual + ", expected " + expected + ", seed " + seed);
            worst = Math.max(worst, error);
            inexact += error == 0 ? 0 : 1;
        }
        System.out.println("FloatErf: worst " + worst + " ulp, " + inexact + " of " + SAMPLES + " off by one");
    }

    @Test
    void everyFloatOfTheRangeWithinOneUlp() {
        assumeTrue(Boolean.getBoolean("lockstep.exhaustive"), "exhaustive check runs with -Dlockstep.exhaustive=true");
        long inexact = 0;
        long worst = 0;
        for (int bits = 0; bits <= 0x40800000; bits++) {
            float x = Float.intBitsToFloat(bits);
            long error = ulps(FloatErf.erf(x), reference(x));
            assertTrue(error <= 1, "erf(" + x + ")");
            worst = Math.max(worst, error);
            inexact += error == 0 ? 0 : 1;
            assertEquals(Float.floatToRawIntBits(-FloatErf.erf(x)), Float.floatToRawIntBits(FloatErf.erf(-x)));
        }
        System.out.println("FloatErf exhaustive on [0, 4]: worst " + worst + " ulp, " + inexact + " off by one");
    }

    @Test
    void specialValues() {
        assertEquals(0f, FloatErf.erf(0f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatErf.erf(-0f)));
        assertEquals(1f, FloatErf.erf(4f));
        assertEquals(1f, FloatErf.erf(1e30f));
        assertEquals(1f, FloatErf.erf(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatErf.erf(Float.NEGATIVE_INFINITY));
        assertEquals(Float.MIN_VALUE, FloatErf.erf(Float.MIN_VALUE));
        assertEquals(0x7fc00000, Float.floatToRawIntBits(FloatErf.erf(Float.intBitsToFloat(0xffc00001))));
    }

    @Test
    void theArrayFormMatchesTheScalarForm() {
        float[] in = {-5f, -1.5f, -0.3f, 0f, 1e-20f, 0.26f, 2.2f, 3.99f, Float.NaN};
        float[] out = new float[in.length];
        FloatErf.erf(in, out, 1, in.length);
        assertEquals(0f, out[0]);
        for (int i = 1; i < in.length; i++) {
            assertEquals(Float.floatToRawIntBits(FloatErf.erf(in[i])), Float.floatToRawIntBits(out[i]));
        }
    }
}
