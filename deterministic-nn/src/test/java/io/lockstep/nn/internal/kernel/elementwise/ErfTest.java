package io.lockstep.nn.internal.kernel.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import org.junit.jupiter.api.Test;

/** Our erf against a 160-digit Maclaurin series. */
class ErfTest {
    private static final MathContext MC = new MathContext(160);
    private static final BigDecimal PI = new BigDecimal(
            "3.14159265358979323846264338327950288419716939937510582097494459230781640628620899862803482534211706798");
    private static final BigDecimal TWO_OVER_SQRT_PI = BigDecimal.valueOf(2).divide(PI.sqrt(MC), MC);

    static BigDecimal erfReference(double x) {
        BigDecimal bx = new BigDecimal(x);
        BigDecimal x2 = bx.multiply(bx, MC);
        BigDecimal power = bx; // x^(2n+1)
        BigDecimal factorial = BigDecimal.ONE; // n!
        BigDecimal sum = BigDecimal.ZERO;
        BigDecimal tiny = new BigDecimal("1e-150");
        for (int n = 0; n < 2000; n++) {
            BigDecimal term = power.divide(factorial.multiply(BigDecimal.valueOf(2L * n + 1)), MC);
            sum = (n % 2 == 0) ? sum.add(term, MC) : sum.subtract(term, MC);
            if (n > 10 && term.abs().compareTo(tiny) < 0) {
                break;
            }
            power = power.multiply(x2, MC);
            factorial = factorial.multiply(BigDecimal.valueOf(n + 1));
        }
        return sum.multiply(TWO_OVER_SQRT_PI, MC);
    }

    @Test
    void erfIsAccurateToAFewDoubleUlps() {
        double worst = 0;
        for (double x = -6; x <= 6; x += 1.0 / 64) {
            double expected = erfReference(x).doubleValue();
            double actual = Erf.erf(x);
            double ulps = Math.abs(actual - expected) / Math.ulp(expected == 0 ? Double.MIN_NORMAL : expected);
            worst = Math.max(worst, ulps);
            assertTrue(ulps <= 16, "erf(" + x + ") = " + actual + ", expected " + expected + " (" + ulps + " ulps)");
        }
        System.out.println("erf: worst error " + worst + " double ulps on [-6, 6]");
    }

    @Test
    void erfcTailIsAccurateInRelativeTerms() {
        for (double x = 4; x <= 10; x += 0.125) {
            double expected = BigDecimal.ONE.subtract(erfReference(x), MC).doubleValue();
            double actual = Erf.erfc(x);
            assertTrue(
                    Math.abs(actual - expected) <= 1e-13 * expected,
                    "erfc(" + x + ") = " + actual + ", expected " + expected);
        }
    }

    @Test
    void specialValues() {
        assertEquals(0.0, Erf.erf(0.0));
        assertEquals(1.0, Erf.erf(Double.POSITIVE_INFINITY));
        assertEquals(-1.0, Erf.erf(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(Erf.erf(Double.NaN)));
        assertEquals(0.0, Erf.erfc(Double.POSITIVE_INFINITY));
        assertEquals(2.0, Erf.erfc(Double.NEGATIVE_INFINITY));
    }
}
