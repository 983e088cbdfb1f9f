package io.lockstep.nn.internal.kernel.elementwise;

/**
 * The error function of a float, rounded to float once (kernel set nn-2). {@code erf(x) = x * Q(|x|)}
 * where {@code Q(a) = erf(a) / a} is even and smooth; on {@code [0, 4]} it is a polynomial of degree 9
 * per interval of width 1/4, in {@code t = a - c} around the interval's centre {@code c}, evaluated in
 * double by Horner's rule from the highest power, with the coefficients below (Chebyshev fits,
 * written as the doubles they are). Outside {@code [-4, 4]} the input is clamped to {@code +-4}, where
 * erf rounds to {@code +-1} in float anyway. So there is one straight path per element, no branch on
 * the value, no call and no {@code exp}: multiplying by x keeps the relative accuracy near 0, and the
 * odd symmetry is exact (negating is exact). NaN stays NaN and is made canonical.
 *
 * <p>The fits are within 1.4e-15 of {@code erf(a) / a} (relative). On every float the result equals the
 * nn-1 erf ({@link Erf}, a long series in double) rounded to float, which is the correctly rounded float
 * erf except possibly next to a midpoint between two floats (checked exhaustively, see
 * {@code FloatErfTest}); docs/spec/nn.md "Erf".
 */
public final class FloatErf {
    private static final int DEGREE = 9;
    private static final int STRIDE = DEGREE + 1;
    private static final int INTERVALS = 16;
    private static final float INTERVALS_PER_UNIT = 4f;
    private static final float LIMIT = 4f;

    /** Interval i covers {@code [i/4, (i+1)/4)}; its coefficients from the highest power down. */
    private static final double[] COEFFICIENTS = {
        // [0.0, 0.25): erf(a) / a around 0.125, fit error 1.4e-15
        -0.0010110100502695185,
        0.004608745298152369,
        0.00502642510102957,
        -0.024623694768405754,
        -0.019584783650831546,
        0.10662975149728202,
        0.05537837754215275,
        -0.36564566549589744,
        -0.093154950512064,
        1.122529638410669,
        // [0.25, 0.5): erf(a) / a around 0.375, fit error 7.2e-17
        -0.001998239996722905,
        0.0008779071955632578,
        0.010919565883389555,
        -0.009553792998086468,
        -0.046523982556980974,
        0.06292184385510106,
        0.14298769611425916,
        -0.28849657999722594,
        -0.25944608608075925,
        1.0776450918261928,
        // [0.5, 0.75): erf(a) / a around 0.625, fit error 1.1e-15
        -0.0011147506350940612,
        -0.002910252812984699,
        0.008519971000241587,
        0.008584666447756462,
        -0.04671045400948628,
        0.001780624699708449,
        0.1753469643430639,
        -0.1652636938675499,
        -0.373897401185382,
        0.9971854115014699,
        // [0.75, 1.0): erf(a) / a around 0.875, fit error 9.7e-16
        0.00043823373622417337,
        -0.0036251096272601154,
        0.0013435989538147291,
        0.017419869889564794,
        -0.02561041408530076,
        -0.04480676389948091,
        0.1516024821966502,
        -0.03972857015420238,
        -0.42438941574658634,
        0.896085784068412,
        // [1.0, 1.25): erf(a) / a around 1.125, fit error 7.5e-17
        0.001124758753261893,
        -0.001632409005061228,
        -0.004193827312256498,
        0.014325043575226978,
        -0.0005788512708325924,
        -0.06067247644789792,
        0.09622983320707776,
        0.05419377062782409,
        -0.4190261952698016,
        0.7896784281792958,
        // [1.25, 1.5): erf(a) / a around 1.375, fit error 5.2e-16
        0.0007159254709805053,
        0.0005803089081085882,
        -0.00507425553902398,
        0.005558219359860359,
        0.014518892664144419,
        -0.05056945468811587,
        0.03903238850657133,
        0.1042681726615631,
        -0.37761342622770594,
        0.6895782347506106,
        // [1.5, 1.75): erf(a) / a around 1.625, fit error 4.3e-16
        1.758698445104247e-05,
        0.00137719326881907,
        -0.0028289698925906925,
        -0.0015871182531833087,
        0.016994046229799144,
        -0.029750250338998942,
        -0.0013747074618312473,
        0.11707451927291683,
        -0.32101351472791584,
        0.6021192204553741,
        // [1.75, 2.0): erf(a) / a around 1.875, fit error 8.5e-17
        -0.00031442495320849797,
        0.0009546627244731672,
        -0.0003624134307899258,
        -0.004248907730534568,
        0.0120719289281572,
        -0.011172283157980556,
        -0.0213118508114708,
        0.10740081283226767,
        -0.2642749523554743,
        0.5290613640907306,
        // [2.0, 2.25): erf(a) / a around 2.125, fit error 1.2e-16
        -0.000258268351652404,
        0.00026273718050563857,
        0.0008303071720287427,
        -0.0036337105026810327,
        0.005900150128036364,
        -4.233614889729595e-05,
        -0.026270863690039847,
        0.08886299052707364,
        -0.21505809867627593,
        0.4693392803014202,
        // [2.25, 2.5): erf(a) / a around 2.375, fit error 1.1e-16
        -8.876973841018727e-05,
        -0.0001254618958909046,
        0.0008976672360665838,
        -0.002008706994014739,
        0.001656523814602178,
        0.004423148868645416,
        -0.023638191701220668,
        0.06987123879531337,
        -0.1754595770611665,
        0.4207229733819407,
        // [2.5, 2.75): erf(a) / a around 2.625, fit error 4.4e-17
        1.4569793162090488e-05,
        -0.00019124539115083589,
        0.0005389769912873583,
        -0.0007339410640944328,
        -0.00032027014735788023,
        0.005058589708216229,
        -0.018693091614477512,
        0.05395979180562529,
        -0.14465762569555257,
        0.38087414257670815,
        // [2.75, 3.0): erf(a) / a around 2.875, fit error 3.1e-18
        3.680046772217917e-05,
        -0.00012251781027852653,
        0.00021649940100624719,
        -9.385784739934462e-05,
        -0.000870231526654992,
        0.004215178874929797,
        -0.014000399346351099,
        0.04175368412691475,
        -0.12087624817809017,
        0.3478094417948717,
        // [3.0, 3.25): erf(a) / a around 3.125, fit error 1.2e-17
        2.445260269274732e-05,
        -5.121278808450443e-05,
        4.797515546699009e-05,
        0.00011656209716869488,
        -0.0008165607895793658,
        0.0031287139498936325,
        -0.010334805103521626,
        0.03269628573143999,
        -0.10237826379573926,
        0.31999683304491994,
        // [3.25, 3.5): erf(a) / a around 3.375, fit error 8.2e-18
        1.0221596622098313e-05,
        -1.3258760269461152e-05,
        -1.0676003763669426e-05,
        0.00013821806735429153,
        -0.0006128869605520208,
        0.0022322674343215566,
        -0.007675790657040634,
        0.025998376418947682,
        -0.08778755753906158,
        0.2962957584351326,
        // [3.5, 3.75): erf(a) / a around 3.625, fit error 3.4e-18
        2.7482674004853693e-06,
        1.2401927689820307e-07,
        -2.0791252483990056e-05,
        0.00010688198436177166,
        -0.00042697285496429735,
        0.0015873689369722403,
        -0.005785381008073286,
        0.020990679899159637,
        -0.07609924734544785,
        0.2758619875475331,
        // [3.75, 4.0): erf(a) / a around 3.875, fit error 9.2e-19
        1.7644267319042107e-07,
        2.8142201090595567e-06,
        -1.6825720731384658e-05,
        7.323249690867963e-05,
        -0.0002927960351667086,
        0.0011427934835187483,
        -0.004434257265278959,
        0.017186035392459522,
        -0.06659720395749937,
        0.25806450515769186,
    };

    private static final double[] CENTRES = new double[INTERVALS];

    static {
        for (int i = 0; i < INTERVALS; i++) {
            CENTRES[i] = (i + 0.5) / INTERVALS_PER_UNIT;
        }
    }

    private FloatErf() {}

    /** {@code out[i] = erf(in[i])} for {@code i} in {@code [from, to)}. */
    public static void erf(float[] in, float[] out, int from, int to) {
        for (int i = from; i < to; i++) {
            out[i] = erf(in[i]);
        }
    }

    public static float erf(float x) {
        // Clamp with comparisons that a NaN fails, so that a NaN passes through to the result.
        float c = x > LIMIT ? LIMIT : x;
        c = c < -LIMIT ? -LIMIT : c;
        float a = Float.intBitsToFloat(Float.floatToRawIntBits(c) & 0x7fffffff);
        int interval = (int) (a * INTERVALS_PER_UNIT); // exact: a times a power of two, truncated
        interval = interval < INTERVALS - 1 ? interval : INTERVALS - 1;
        double t = (double) a - CENTRES[interval];
        int k = interval * STRIDE;
        double q = COEFFICIENTS[k];
        q = q * t + COEFFICIENTS[k + 1];
        q = q * t + COEFFICIENTS[k + 2];
        q = q * t + COEFFICIENTS[k + 3];
        q = q * t + COEFFICIENTS[k + 4];
        q = q * t + COEFFICIENTS[k + 5];
        q = q * t + COEFFICIENTS[k + 6];
        q = q * t + COEFFICIENTS[k + 7];
        q = q * t + COEFFICIENTS[k + 8];
        q = q * t + COEFFICIENTS[k + 9];
        double r = (double) c * q;
        return r != r ? Float.intBitsToFloat(0x7fc00000) : (float) r;
    }
}
