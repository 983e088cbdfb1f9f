package io.lockstep.nn.internal.kernel.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The float erf of kernel set nn-2 gives, on every float, the float of nn-1: the double erf of {@link Erf}
 * (accurate to a few double ulps, see {@link ErfTest}) rounded to float. The seeded sample runs always;
 * every float of [0, 4] is checked with {@code -Dlockstep.exhaustive=true} (a few minutes; both are odd,
 * exactly, and beyond 4 both give 1).
 */
class FloatErfTest {
    private static final int SAMPLES = 400_000;

    private static void assertSameAsNn1(float x, String context) {
        float expected = (float) Erf.erf(x);
        float actual = FloatErf.erf(x);
        assertEquals(
                Float.floatToRawIntBits(expected),
                Float.floatToRawIntBits(actual),
                () -> "erf(" + x + ") = " + actual + ", nn-1 gives " + expected + context);
    }

    @Test
    void equalsNn1OnASeededSampleOfFloats() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("FloatErfTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        String context = ", seed " + seed;
        for (int n = 0; n < SAMPLES; n++) {
            // uniform over the bits of the floats in [0, 4.5], so every binade is sampled, tiny ones too
            float x = Float.intBitsToFloat(random.nextInt(0x40900001));
            assertSameAsNn1(random.nextBoolean() ? -x : x, context);
        }
    }

    @Test
    void equalsNn1OnEveryFloatOfTheRange() {
        assumeTrue(Boolean.getBoolean("lockstep.exhaustive"), "exhaustive check runs with -Dlockstep.exhaustive=true");
        for (int bits = 0; bits <= 0x40800000; bits++) {
            float x = Float.intBitsToFloat(bits);
            assertSameAsNn1(x, "");
            assertEquals(Float.floatToRawIntBits(-FloatErf.erf(x)), Float.floatToRawIntBits(FloatErf.erf(-x)));
        }
    }

    @Test
    void specialValues() {
        assertEquals(0f, FloatErf.erf(0f));
        assertEquals(Float.floatToRawIntBits(-0f), Float.floatToRawIntBits(FloatErf.erf(-0f)));
        assertEquals(Float.MIN_VALUE, FloatErf.erf(Float.MIN_VALUE));
        assertEquals(1f, FloatErf.erf(4f));
        assertEquals(1f, FloatErf.erf(1e30f));
        assertEquals(1f, FloatErf.erf(Float.POSITIVE_INFINITY));
        assertEquals(-1f, FloatErf.erf(Float.NEGATIVE_INFINITY));
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
