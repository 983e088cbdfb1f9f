package io.lockstep.nn.internal.kernel.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.DType;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Float Add, Sub, Mul and Div with a constant operand skip the NaN scan when the constant makes an invalid
 * operation impossible; every NaN out must still be the canonical one, and a constant that does allow one
 * (an infinity, or a zero for Mul and Div) must keep the scan (x86 makes 0xffc00000 for inf - inf).
 */
class FloatArithmeticNaNTest {
    private static final int CANONICAL_NAN = 0x7fc00000;
    private static final float INF = Float.POSITIVE_INFINITY;

    private static int[] run(String op, float[] x, float[] constant, boolean constantFirst) {
        OnnxModelBuilder builder = new OnnxModelBuilder()
                .input("x", DType.FLOAT, x.length)
                .initializer("c", Tensor.ofFloats(new int[] {constant.length}, constant));
        builder.node(op)
                .inputs(constantFirst ? new String[] {"c", "x"} : new String[] {"x", "c"})
                .outputs("y")
                .add();
        PreparedModel model = PreparedModel.prepare(
                OnnxModel.parse(builder.output("y", DType.FLOAT).build()));
        float[] y = model.run(Map.of("x", Tensor.ofFloats(new int[] {x.length}, x)))
                .output("y")
                .toFloatArray();
        int[] bits = new int[y.length];
        for (int i = 0; i < y.length; i++) {
            bits[i] = Float.floatToRawIntBits(y[i]);
        }
        return bits;
    }

    private static void assertNaNsCanonical(int[] bits, String what) {
        for (int i = 0; i < bits.length; i++) {
            if (Float.isNaN(Float.intBitsToFloat(bits[i]))) {
                assertEquals(CANONICAL_NAN, bits[i], what + " element " + i);
            }
        }
    }

    @Test
    void finiteConstantsPassCanonicalNaNsThrough() {
        float[] x = {Float.NaN, INF, -INF, 0f, -0f, 1f, 3e38f};
        for (String op : new String[] {"Add", "Sub", "Mul", "Div"}) {
            for (boolean first : new boolean[] {false, true}) {
                int[] bits = run(op, x, new float[] {2.5f}, first);
                assertEquals(CANONICAL_NAN, bits[0], op);
                assertNaNsCanonical(bits, op);
            }
        }
    }

    @Test
    void constantsThatAllowAnInvalidOperationKeepTheScan() {
        float[] x = {INF, -INF, 0f, 1f};
        assertEquals(CANONICAL_NAN, run("Add", x, new float[] {-INF, INF, 1f, 1f}, false)[0]);
        assertEquals(CANONICAL_NAN, run("Sub", x, new float[] {INF, 1f, 1f, 1f}, true)[0]);
        assertEquals(CANONICAL_NAN, run("Mul", x, new float[] {0f}, false)[0]);
        assertEquals(CANONICAL_NAN, run("Div", x, new float[] {0f}, true)[2]);
        assertEquals(CANONICAL_NAN, run("Div", x, new float[] {INF}, false)[0]);
        assertNaNsCanonical(run("Mul", x, new float[] {Float.NaN}, false), "Mul by NaN");
    }
}
