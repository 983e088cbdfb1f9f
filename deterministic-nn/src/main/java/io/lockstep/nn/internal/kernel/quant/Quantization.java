package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;

/**
 * The rounding and saturation rules of the quantized operators (docs/spec/nn.md, "Quantized
 * operators"). Every value goes through one of these functions, so the rules live in one place:
 *
 * <ul>
 *   <li>a quotient {@code x / scale} is one IEEE float division (double for int32 {@code x}), as the
 *       ONNX reference computes it;
 *   <li>rounding is to the nearest integer, ties to even ({@link Math#rint}, which is exact and
 *       specified bit for bit, unlike the transcendental functions of {@code Math});
 *   <li>a NaN rounds to 0, so it quantizes to the zero point; infinities saturate;
 *   <li>the zero point is added in double (exact) and the sum is clamped to the type's range.
 * </ul>
 */
final class Quantization {
    private Quantization() {}

    /** Smallest value of an 8-bit quantized type. */
    static int min(DType type) {
        return type == DType.INT8 ? Byte.MIN_VALUE : 0;
    }

    /** Largest value of an 8-bit quantized type. */
    static int max(DType type) {
        return type == DType.INT8 ? Byte.MAX_VALUE : 255;
    }

    /** Element {@code i} of an int8 or uint8 array, as an int. */
    static int load(byte[] values, int i, boolean unsigned) {
        return unsigned ? values[i] & 0xff : values[i];
    }

    /** {@code clamp(rint(x / scale) + zeroPoint, lo, hi)}, the quotient rounded to float. */
    static int quantize(float x, float scale, int zeroPoint, int lo, int hi) {
        return saturate(Math.rint(x / scale), zeroPoint, lo, hi);
    }

    /** Quantizes an int32 value: the quotient is taken in double, as ONNX promotes int32 / float. */
    static int quantize(int x, float scale, int zeroPoint, int lo, int hi) {
        return saturate(Math.rint((double) x / scale), zeroPoint, lo, hi);
    }

    /**
     * The real multiplier of a requantization, {@code (inScale * weightScale) / outScale}, each step
     * rounded to float in that order, as the ONNX formula {@code a_scale * b_scale / y_scale} reads.
     */
    static float multiplier(float inScale, float weightScale, float outScale) {
        return (inScale * weightScale) / outScale;
    }

    /**
     * {@code clamp(rint(acc * multiplier) + zeroPoint, lo, hi)}: the product is taken in double, where
     * {@code acc} (|acc| < 2^53) and the float multiplier are exact, so it is rounded once.
     */
    static int requantize(long acc, float multiplier, int zeroPoint, int lo, int hi) {
        return saturate(Math.rint((double) acc * multiplier), zeroPoint, lo, hi);
    }

    /** Adds the zero point to an integral value (or NaN, read as 0) and clamps it. */
    static int saturate(double rounded, int zeroPoint, int lo, int hi) {
        double v = rounded != rounded ? zeroPoint : rounded + zeroPoint;
        if (v <= lo) {
            return lo;
        }
        if (v >= hi) {
            return hi;
        }
        return (int) v;
    }

    /**
     * A dequantized value, {@code float(x - zeroPoint) * scale}: the difference is exact (in long), rounded
     * to float once (never, for 8-bit values) and multiplied in float.
     */
    static float dequantize(int x, int zeroPoint, float scale) {
        return (float) ((long) x - zeroPoint) * scale;
    }
}
