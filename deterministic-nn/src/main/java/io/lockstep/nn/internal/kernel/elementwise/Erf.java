package io.lockstep.nn.internal.kernel.elementwise;

/**
 * The error function in double precision, evaluated in a fixed order from fixed coefficients, because
 * {@code StrictMath} has no erf. Callers round the result to float once. Specified in docs/spec/nn.md:
 *
 * <ul>
 *   <li>{@code |x| < 4}: {@code erf(x) = (2/sqrt(pi)) * x * exp(-x^2) * S(x^2)} with
 *       {@code S(y) = sum_{n=0}^{59} c_n y^n}, {@code c_0 = 1}, {@code c_n = c_{n-1} * 2 / (2n + 1)}
 *       (a series of positive terms, so nothing cancels), evaluated by Horner's rule from {@code n = 59}
 *       down;
 *   <li>{@code |x| >= 4}: {@code erfc(|x|) = exp(-x^2) / sqrt(pi) / t} with the continued fraction
 *       {@code t = |x| + (1/2)/(|x| + (2/2)/(|x| + (3/2)/(...)))} cut after 60 levels and evaluated from
 *       the innermost level out, and {@code erf(x) = sign(x) * (1 - erfc(|x|))}.
 * </ul>
 *
 * Both pieces are accurate to a few units in the last place of a double, far below float resolution.
 */
public final class Erf {
    private static final int TERMS = 60;
    private static final double[] SERIES = new double[TERMS];
    private static final double TWO_OVER_SQRT_PI = 1.1283791670955126;
    private static final double ONE_OVER_SQRT_PI = 0.5641895835477563;

    static {
        SERIES[0] = 1.0;
        for (int n = 1; n < TERMS; n++) {
            SERIES[n] = SERIES[n - 1] * 2.0 / (2 * n + 1);
        }
    }

    private Erf() {}

    public static double erf(double x) {
        if (x != x) {
            return x;
        }
        double ax = x < 0 ? -x : x;
        if (ax < 4.0) {
            return TWO_OVER_SQRT_PI * x * StrictMath.exp(-(x * x)) * series(x * x);
        }
        double r = 1.0 - tail(ax);
        return x < 0 ? -r : r;
    }

    /** {@code 1 - erf(x)}, accurate also where erf(x) is close to 1. */
    public static double erfc(double x) {
        if (x != x) {
            return x;
        }
        if (x >= 4.0) {
            return tail(x);
        }
        return 1.0 - erf(x);
    }

    private static double series(double y) {
        double s = SERIES[TERMS - 1];
        for (int n = TERMS - 2; n >= 0; n--) {
            s = s * y + SERIES[n];
        }
        return s;
    }

    /** erfc(x) for x >= 4 by the continued fraction. */
    private static double tail(double x) {
        if (x == Double.POSITIVE_INFINITY) {
            return 0.0;
        }
        double t = x;
        for (int n = TERMS; n >= 1; n--) {
            t = x + (n * 0.5) / t;
        }
        return StrictMath.exp(-(x * x)) * ONE_OVER_SQRT_PI / t;
    }
}
