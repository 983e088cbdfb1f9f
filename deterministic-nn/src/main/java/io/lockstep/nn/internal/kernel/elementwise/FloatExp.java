package io.lockstep.nn.internal.kernel.elementwise;

/**
 * {@code exp} in double for results that are rounded to float (kernel set nn-2): accurate to a few
 * 1e-16 (relative), so the float result is correctly rounded except next to a midpoint between two
 * floats, and much cheaper than {@code StrictMath.exp}, which is correctly rounded to double. Plain
 * IEEE operations in a fixed order, no branch on the value:
 *
 * <pre>
 *   y = y clamped to [-708, 709]                 (beyond, every float result is 0 or infinity)
 *   k = y / ln 2 rounded to the nearest integer   (by adding and subtracting 1.5 * 2^52)
 *   r = (y - k * LN2_HI) - k * LN2_LO              (|r| <= ln 2 / 2; k * LN2_HI is exact)
 *   exp(y) = P(r) * 2^k                           (P of degree 10 by Horner, from the highest power)
 * </pre>
 *
 * P is a Chebyshev fit of exp on [-ln 2 / 2, ln 2 / 2], within 3.1e-16 (relative). The product with
 * {@code 2^k} is exact (the clamp keeps {@code 2^k} a normal double). NaN stays NaN. Rounded to float, the
 * result equals {@code (float) StrictMath.exp(x)} for every float x (checked exhaustively, see
 * {@code FloatExpTest}); docs/spec/nn.md "Exp".
 */
public final class FloatExp {
    private static final double MAX = 709.0;
    private static final double MIN = -708.0;
    private static final double INV_LN2 = 1.4426950408889634;
    /** The upper 32 significant bits of ln 2 (0x3fe62e42fee00000): k * LN2_HI is exact for |k| < 2^21. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    /** ln 2 - LN2_HI, rounded. */
    private static final double LN2_LO = 1.90821492927058770002e-10;
    /** 1.5 * 2^52: adding it rounds a double of magnitude below 2^51 to an integer. */
    private static final double SHIFTER = 6755399441055744.0;

    private static final double P10 = 2.7626371065696354e-07;
    private static final double P9 = 2.764019739169484e-06;
    private static final double P8 = 2.480150431378554e-05;
    private static final double P7 = 0.00019841170230570286;
    private static final double P6 = 0.001388888893251478;
    private static final double P5 = 0.008333333385699212;
    private static final double P4 = 0.041666666666573066;
    private static final double P3 = 0.16666666666554314;
    private static final double P2 = 0.5000000000000006;
    private static final double P1 = 1.0000000000000067;
    private static final double P0 = 1.0;

    private FloatExp() {}

    /** e^y, for rounding to float. */
    public static double exp(double y) {
        double c = clamp(y);
        double k = nearestInteger(c * INV_LN2);
        return polynomial(reduce(c, k)) * powerOfTwo(k);
    }

    /**
     * {@code y[i] = exp(y[i])} for {@code i} in {@code [from, to)}, bit for bit as {@link #exp(double)};
     * {@code k} is scratch of the same length. The polynomial runs in a loop of plain double arithmetic
     * that the JIT vectorizes; the scaling by {@code 2^k}, which goes through the bits, in a second loop.
     */
    public static void exp(double[] y, double[] k, int from, int to) {
        for (int i = from; i < to; i++) {
            double c = clamp(y[i]);
            double n = nearestInteger(c * INV_LN2);
            y[i] = polynomial(reduce(c, n));
            k[i] = n;
        }
        for (int i = from; i < to; i++) {
            y[i] = y[i] * powerOfTwo(k[i]);
        }
    }

    /**
     * {@code y} clamped to {@code [MIN, MAX]}; NaN stays NaN. {@code Math.min} and {@code max} are exact
     * (no rounding, NaN and signed zeros specified), unlike Math's transcendentals.
     */
    private static double clamp(double y) {
        return Math.min(Math.max(y, MIN), MAX);
    }

    /** The integer nearest to {@code v} (ties to even), for {@code |v| < 2^51}: exact, no conversion. */
    private static double nearestInteger(double v) {
        return (v + SHIFTER) - SHIFTER;
    }

    private static double reduce(double c, double k) {
        return (c - k * LN2_HI) - k * LN2_LO;
    }

    private static double polynomial(double r) {
        double p = P10;
        p = p * r + P9;
        p = p * r + P8;
        p = p * r + P7;
        p = p * r + P6;
        p = p * r + P5;
        p = p * r + P4;
        p = p * r + P3;
        p = p * r + P2;
        p = p * r + P1;
        return p * r + P0;
    }

    /** {@code 2^k} for an integer {@code k} in {@code [-1022, 1023]} (NaN gives 1, and the result stays NaN). */
    private static double powerOfTwo(double k) {
        return Double.longBitsToDouble(((long) k + 1023) << 52);
    }
}
