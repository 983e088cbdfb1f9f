package io.lockstep.nn.internal.operator;

import io.lockstep.nn.internal.kernel.linalg.FloatGemm;

/**
 * Every float NaN the engine produces is {@code 0x7fc00000}. CPUs differ in the NaN they make (x86
 * sets the sign bit of the NaN produced by {@code inf - inf}, ARM does not) and in which operand's
 * payload they propagate, so kernels that can make a NaN replace it before anyone sees it.
 */
public final class CanonicalNaN {
    /** {@code Float.NaN}, whose bits are 0x7fc00000. */
    public static final float NAN = Float.intBitsToFloat(0x7fc00000);

    private CanonicalNaN() {}

    /** Whether {@link #canonicalize} scans with the Vector API (same bits either way). */
    private static final boolean VECTOR = FloatGemm.VECTOR_KERNEL;

    /** Replaces every NaN in {@code [from, to)} with the canonical one. */
    public static void canonicalize(float[] values, int from, int to) {
        if (VECTOR) {
            VectorNaN.canonicalize(values, from, to);
            return;
        }
        for (int i = from; i < to; i++) {
            float v = values[i];
            if (v != v) {
                values[i] = NAN;
            }
        }
    }

    /** The value, with any NaN replaced by the canonical one. */
    public static float of(float v) {
        return v != v ? NAN : v;
    }

    /** A float rounded from a double, with any NaN replaced by the canonical one. */
    public static float round(double v) {
        return v != v ? NAN : (float) v;
    }

    /** Whether any element is a NaN other than the canonical one. */
    public static boolean hasOtherNaN(float[] values) {
        for (float v : values) {
            if (v != v && Float.floatToRawIntBits(v) != 0x7fc00000) {
                return true;
            }
        }
        return false;
    }
}
