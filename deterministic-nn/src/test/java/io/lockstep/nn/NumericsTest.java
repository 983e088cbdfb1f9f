package io.lockstep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The numeric rules of docs/spec/nn.md that the ONNX node tests do not pin down. */
class NumericsTest {
    private static final int CANONICAL_NAN = 0x7fc00000;
    private static final float OTHER_NAN = Float.intBitsToFloat(0xffc00001);

    private static Tensor run1(String op, Tensor x, DType outType) {
        int[] shape = x.shape();
        long[] dims = java.util.Arrays.stream(shape).asLongStream().toArray();
        byte[] model = new OnnxModelBuilder()
                .input("x", x.dtype(), dims)
                .node(op)
                .inputs("x")
                .outputs("y")
                .add()
                .output("y", outType, dims)
                .build();
        return PreparedModel.prepare(OnnxModel.parse(model)).run(Map.of("x", x)).output("y");
    }

    private static Tensor run2(String op, Tensor a, Tensor b) {
        byte[] model = new OnnxModelBuilder()
                .input(
                        "a",
                        a.dtype(),
                        java.util.Arrays.stream(a.shape()).asLongStream().toArray())
                .input(
                        "b",
                        b.dtype(),
                        java.util.Arrays.stream(b.shape()).asLongStream().toArray())
                .node(op)
                .inputs("a", "b")
                .outputs("y")
                .add()
                .output("y", a.dtype())
                .build();
        return PreparedModel.prepare(OnnxModel.parse(model))
                .run(Map.of("a", a, "b", b))
                .output("y");
    }

    private static int[] bits(Tensor t) {
        float[] f = t.toFloatArray();
        int[] out = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            out[i] = Float.floatToRawIntBits(f[i]);
        }
        return out;
    }

    @Test
    void everyNaNOutIsCanonical() {
        float inf = Float.POSITIVE_INFINITY;
        Tensor a = Tensor.ofFloats(new int[] {4}, inf, OTHER_NAN, 0f, -1f);
        Tensor b = Tensor.ofFloats(new int[] {4}, -inf, 1f, 0f, OTHER_NAN);
        int[] sum = bits(run2("Add", a, b));
        assertEquals(CANONICAL_NAN, sum[0]); // inf + -inf: x86 makes 0xffc00000
        assertEquals(CANONICAL_NAN, sum[1]);
        assertEquals(CANONICAL_NAN, sum[3]);
        assertEquals(CANONICAL_NAN, bits(run2("Div", b, b))[2]); // 0 / 0
        assertEquals(CANONICAL_NAN, bits(run2("Mul", a, Tensor.ofFloats(new int[] {4}, 0, 0, 0, 0)))[0]);
        Tensor x = Tensor.ofFloats(new int[] {3}, OTHER_NAN, -1f, inf);
        for (String op :
                new String[] {"Neg", "Abs", "Relu", "Sqrt", "Log", "Exp", "Tanh", "Sigmoid", "Erf", "Identity"}) {
            assertEquals(CANONICAL_NAN, bits(run1(op, x, DType.FLOAT))[0], op);
        }
        assertEquals(CANONICAL_NAN, bits(run1("Sqrt", x, DType.FLOAT))[1]);
        assertEquals(CANONICAL_NAN, bits(run1("Log", x, DType.FLOAT))[1]);
    }

    @Test
    void matMulOfInfinityAndZeroIsCanonicalNaN() {
        Tensor a = Tensor.ofFloats(new int[] {1, 2}, Float.POSITIVE_INFINITY, 1f);
        Tensor b = Tensor.ofFloats(new int[] {2, 1}, 0f, 2f);
        assertEquals(CANONICAL_NAN, bits(run2("MatMul", a, b))[0]);
    }

    @Test
    void castFromFloat() {
        Tensor x =
                Tensor.ofFloats(new int[] {8}, 1.9f, -1.9f, 300f, -300f, Float.NaN, Float.POSITIVE_INFINITY, 3e9f, -0f);
        assertArrayEquals(
                new long[] {1, -1, 300, -300, 0, Long.MAX_VALUE, 3_000_000_000L, 0},
                cast(x, DType.INT64).toLongArray());
        assertArrayEquals(
                new int[] {1, -1, 300, -300, 0, Integer.MAX_VALUE, Integer.MAX_VALUE, 0},
                cast(x, DType.INT32).toIntArray());
        assertArrayEquals(
                new long[] {1, -1, 127, -128, 0, 127, 127, 0},
                cast(x, DType.INT8).toLongValues());
        assertArrayEquals(
                new long[] {1, 0, 255, 0, 0, 255, 255, 0}, cast(x, DType.UINT8).toLongValues());
        assertArrayEquals(
                new long[] {1, 1, 1, 1, 1, 1, 1, 0}, cast(x, DType.BOOL).toLongValues());
    }

    @Test
    void castBetweenIntegers() {
        Tensor x = Tensor.ofLongs(new int[] {5}, 1L << 40 | 0x1ff, -1, 128, 255, (1L << 24) + 1);
        assertArrayEquals(
                new long[] {0x1ff, -1, 128, 255, (1 << 24) + 1},
                cast(x, DType.INT32).toLongValues());
        assertArrayEquals(new long[] {-1, -1, -128, -1, 1}, cast(x, DType.INT8).toLongValues());
        assertArrayEquals(
                new long[] {255, 255, 128, 255, 1}, cast(x, DType.UINT8).toLongValues());
        assertArrayEquals(new long[] {1, 1, 1, 1, 1}, cast(x, DType.BOOL).toLongValues());
        // int64 to float rounds to nearest even: 2^24 + 1 is not a float.
        assertEquals(16777216f, cast(x, DType.FLOAT).floatAt(4));
        Tensor u8 = Tensor.ofBytes(DType.UINT8, new int[] {2}, (byte) 200, (byte) 1);
        assertArrayEquals(new float[] {200f, 1f}, cast(u8, DType.FLOAT).toFloatArray());
        assertArrayEquals(new long[] {-56, 1}, cast(u8, DType.INT8).toLongValues());
    }

    private static Tensor cast(Tensor x, DType to) {
        byte[] model = new OnnxModelBuilder()
                .opset(21)
                .input("x", x.dtype(), x.shape().length == 1 ? new long[] {x.dim(0)} : new long[0])
                .node("Cast")
                .inputs("x")
                .outputs("y")
                .attr("to", (long) to.onnxCode())
                .add()
                .output("y", to)
                .build();
        return PreparedModel.prepare(OnnxModel.parse(model)).run(Map.of("x", x)).output("y");
    }

    @Test
    void integerDivisionTruncatesAndDividingByZeroGivesZero() {
        Tensor a = Tensor.ofInts(new int[] {4}, 7, -7, 5, Integer.MIN_VALUE);
        Tensor b = Tensor.ofInts(new int[] {4}, 2, 2, 0, -1);
        assertArrayEquals(
                new int[] {3, -3, 0, Integer.MIN_VALUE}, run2("Div", a, b).toIntArray());
    }

    @Test
    void integerArithmeticWrapsAtTheTypesWidth() {
        Tensor a = Tensor.ofBytes(DType.INT8, new int[] {2}, (byte) 127, (byte) -128);
        Tensor b = Tensor.ofBytes(DType.INT8, new int[] {2}, (byte) 1, (byte) -1);
        assertArrayEquals(new long[] {-128, 127}, run2("Add", a, b).toLongValues());
        Tensor u = Tensor.ofBytes(DType.UINT8, new int[] {1}, (byte) 250);
        Tensor v = Tensor.ofBytes(DType.UINT8, new int[] {1}, (byte) 10);
        assertArrayEquals(new long[] {4}, run2("Add", u, v).toLongValues());
    }

    @Test
    void matMulSumsInAscendingKOrderWithoutFusedMultiplyAdd() {
        // 1e8 + 1 - 1e8 in float: the order is visible in the result.
        Tensor a = Tensor.ofFloats(new int[] {1, 3}, 1e8f, 1f, -1e8f);
        Tensor b = Tensor.ofFloats(new int[] {3, 1}, 1f, 1f, 1f);
        assertEquals(0f, run2("MatMul", a, b).floatAt(0));
        Tensor c = Tensor.ofFloats(new int[] {1, 3}, 1f, 1e8f, -1e8f);
        assertEquals(0f, run2("MatMul", c, b).floatAt(0));
        Tensor d = Tensor.ofFloats(new int[] {1, 3}, 1e8f, -1e8f, 1f);
        assertEquals(1f, run2("MatMul", d, b).floatAt(0));
        // (1 + 2^-23)^2 = 1 + 2^-22 + 2^-46: a fused multiply-add would keep the 2^-46 before subtracting 1.
        float x = 1f + 0x1p-23f;
        Tensor e = Tensor.ofFloats(new int[] {1, 2}, x, -1f);
        Tensor f = Tensor.ofFloats(new int[] {2, 1}, x, 1f);
        assertEquals(0x1p-22f, run2("MatMul", e, f).floatAt(0));
    }
}
