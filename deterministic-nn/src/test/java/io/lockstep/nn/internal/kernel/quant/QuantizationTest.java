package io.lockstep.nn.internal.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.RunResult;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The quantization numerics of docs/spec/nn.md, value by value, and the edge cases of each operator. */
class QuantizationTest {
    @Test
    void quantizationRoundsHalfToEven() {
        assertEquals(2, Quantization.quantize(2.5f, 1f, 0, 0, 255));
        assertEquals(4, Quantization.quantize(3.5f, 1f, 0, 0, 255));
        assertEquals(0, Quantization.quantize(0.5f, 1f, 0, 0, 255));
        assertEquals(-2, Quantization.quantize(-2.5f, 1f, 0, -128, 127));
        assertEquals(-4, Quantization.quantize(-3.5f, 1f, 0, -128, 127));
        assertEquals(130, Quantization.quantize(5f, 2f, 128, 0, 255));
        assertEquals(3, Quantization.quantize(2.5000002f, 1f, 0, 0, 255));
    }

    @Test
    void theQuotientIsOneFloatDivision() {
        // x / s is -12.5 in float (a tie, to -12) but -12.50000023 in double (to -13).
        float x = Float.intBitsToFloat(0xc14c6a40);
        float s = Float.intBitsToFloat(0x3f82d35c);
        assertEquals(-12.5f, x / s);
        assertNotEquals(-12.5, (double) x / s);
        assertEquals(-12, Quantization.quantize(x, s, 0, -128, 127));
        // An int32 input is divided in double, as ONNX promotes int32 / float32.
        assertEquals(2, Quantization.quantize(5, 2f, 0, 0, 255));
    }

    @Test
    void quantizationSaturatesAndSendsNaNToTheZeroPoint() {
        assertEquals(255, Quantization.quantize(1000f, 2f, 128, 0, 255));
        assertEquals(0, Quantization.quantize(-1000f, 2f, 128, 0, 255));
        assertEquals(127, Quantization.quantize(Float.POSITIVE_INFINITY, 1f, 0, -128, 127));
        assertEquals(-128, Quantization.quantize(Float.NEGATIVE_INFINITY, 1f, 0, -128, 127));
        assertEquals(-128, Quantization.quantize(Float.MAX_VALUE, -0.5f, 5, -128, 127));
        assertEquals(77, Quantization.quantize(Float.NaN, 1f, 77, 0, 255));
        assertEquals(-3, Quantization.quantize(0f, 0f, -3, -128, 127)); // 0 / 0 is NaN
        assertEquals(255, Quantization.quantize(1f, 0f, 0, 0, 255)); // 1 / 0 is +inf
        assertEquals(255, Quantization.quantize(Integer.MAX_VALUE, 1e-30f, 0, 0, 255));
    }

    @Test
    void theMultiplierIsTakenInTheFormulasOrder() {
        float a = Float.intBitsToFloat(0x3ba03449);
        float w = Float.intBitsToFloat(0x3c1ad31b);
        float y = Float.intBitsToFloat(0x3b9755b6);
        assertNotEquals((a * w) / y, a * (w / y));
        assertEquals(Float.floatToIntBits((a * w) / y), Float.floatToIntBits(Quantization.multiplier(a, w, y)));
    }

    @Test
    void requantizationRoundsOnceInDoubleHalfToEven() {
        assertEquals(2, Quantization.requantize(5, 0.5f, 0, 0, 255));
        assertEquals(4, Quantization.requantize(7, 0.5f, 0, 0, 255));
        assertEquals(-2, Quantization.requantize(-5, 0.5f, 0, -128, 127));
        assertEquals(11, Quantization.requantize(6, 0.25f, 9, 0, 255)); // 1.5 -> 2, plus 9
        assertEquals(127, Quantization.requantize(Integer.MAX_VALUE, 1e-3f, 0, -128, 127));
        // 2^25 + 2^15 + 1 is not a float: in float the product would be the tie 512.5 (to 512); in double it
        // is 512.5000153 (to 513).
        long acc = (1L << 25) + (1 << 15) + 1;
        assertEquals(513, Quantization.requantize(acc, 0x1p-16f, 0, -1000, 1000));
        assertEquals(512, Quantization.requantize(acc - 1, 0x1p-16f, 0, -1000, 1000));
        assertEquals(0, Quantization.requantize(0, Float.POSITIVE_INFINITY, 0, -128, 127)); // NaN -> zero point
    }

    @Test
    void dequantizationIsExactForEightBitValues() {
        assertEquals(-256f, Quantization.dequantize(0, 128, 2f));
        assertEquals(254f, Quantization.dequantize(255, 128, 2f));
        assertEquals(-255f * 0.1f, Quantization.dequantize(-128, 127, 0.1f));
    }

    @Test
    void dequantizeLinearMakesCanonicalNaN() {
        // 0 * inf is NaN; x86 would produce 0xffc00000.
        byte[] model = new OnnxModelBuilder()
                .opset(13)
                .input("x", DType.UINT8, 2)
                .input("s", DType.FLOAT)
                .initializer("z", Tensor.ofBytes(DType.UINT8, new int[] {}, (byte) 7))
                .node("DequantizeLinear")
                .inputs("x", "s", "z")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2)
                .build();
        RunResult result = run(
                model,
                Map.of(
                        "x", Tensor.ofBytes(DType.UINT8, new int[] {2}, (byte) 7, (byte) 8),
                        "s", Tensor.ofFloats(new int[] {}, Float.POSITIVE_INFINITY)));
        float[] y = result.output("y").toFloatArray();
        assertEquals(0x7fc00000, Float.floatToRawIntBits(y[0]));
        assertEquals(Float.POSITIVE_INFINITY, y[1]);
    }

    @Test
    void dynamicQuantizationOfZerosUsesScaleOne() {
        Tensor[] out = dynamic(new float[] {0f, -0f, 0f});
        assertArrayEquals(new byte[] {0, 0, 0}, out[0].toByteArray());
        assertEquals(1f, out[1].floatAt(0));
        assertEquals(0, out[2].longAt(0));
    }

    @Test
    void dynamicQuantizationIgnoresNaNInTheRangeAndRoundsTheZeroPointHalfToEven() {
        // Range [-127.5, 127.5]: scale 1, zero point rint(127.5) = 128; NaN quantizes to the zero point.
        Tensor[] out = dynamic(new float[] {Float.NaN, 127.5f, -127.5f, 0f, -0.5f});
        assertEquals(1f, out[1].floatAt(0));
        assertEquals(128, out[2].longAt(0));
        // 127.5 -> 128 (+ 128, saturated), -127.5 -> -128, -0.5 -> -0
        assertArrayEquals(new byte[] {(byte) 128, (byte) 255, 0, (byte) 128, (byte) 128}, out[0].toByteArray());
    }

    @Test
    void dynamicQuantizationOfNegativeValuesPutsTheZeroPointAtTheTop() {
        Tensor[] out = dynamic(new float[] {-1f, -4f});
        assertEquals(255, out[2].longAt(0));
        assertEquals(Float.floatToIntBits(4f / 255f), Float.floatToIntBits(out[1].floatAt(0)));
        assertArrayEquals(new byte[] {(byte) 191, 0}, out[0].toByteArray());
    }

    @Test
    void perAxisScalesNeedOpset13() {
        byte[] model = quantizeModel(10, new int[] {3});
        NnException e = assertThrows(NnException.class, () -> PreparedModel.prepare(OnnxModel.parse(model)));
        assertEquals(NnErrorCode.SHAPE_MISMATCH, e.code());
        RunResult result = run(
                quantizeModel(13, new int[] {3}),
                Map.of(
                        "x", Tensor.ofFloats(new int[] {2, 3}, 1, 2, 3, 4, 5, 6),
                        "s", Tensor.ofFloats(new int[] {3}, 1, 2, 4)));
        // axis 1: x / [1, 2, 4] = [1, 1, 0.75 -> 1], [4, 2.5 -> 2, 1.5 -> 2]
        assertArrayEquals(new byte[] {1, 1, 1, 4, 2, 2}, result.output("y").toByteArray());
    }

    @Test
    void refusesUnsupportedZeroPointShapesAndTypes() {
        byte[] model = new OnnxModelBuilder()
                .opset(10)
                .input("A", DType.UINT8, 2, 3, 4)
                .input("B", DType.UINT8, 4, 5)
                .initializer("za", Tensor.ofBytes(DType.UINT8, new int[] {2, 3, 1}, new byte[6]))
                .node("MatMulInteger")
                .inputs("A", "B", "za")
                .outputs("Y")
                .add()
                .output("Y", DType.INT32, 2, 3, 5)
                .build();
        NnException e = assertThrows(NnException.class, () -> PreparedModel.prepare(OnnxModel.parse(model)));
        assertEquals(NnErrorCode.UNSUPPORTED_ATTRIBUTE, e.code());
        byte[] mixed = new OnnxModelBuilder()
                .opset(10)
                .input("A", DType.UINT8, 3, 4)
                .input("B", DType.UINT8, 4, 5)
                .initializer("za", Tensor.ofBytes(DType.INT8, new int[] {}, (byte) 1))
                .node("MatMulInteger")
                .inputs("A", "B", "za")
                .outputs("Y")
                .add()
                .output("Y", DType.INT32, 3, 5)
                .build();
        assertThrows(NnException.class, () -> PreparedModel.prepare(OnnxModel.parse(mixed)));
    }

    private static byte[] quantizeModel(int opset, int[] scaleShape) {
        return new OnnxModelBuilder()
                .opset(opset)
                .input("x", DType.FLOAT, 2, 3)
                .input("s", DType.FLOAT, Int8GemmPropertyTest.toLongs(scaleShape))
                .node("QuantizeLinear")
                .inputs("x", "s")
                .outputs("y")
                .add()
                .output("y", DType.UINT8, 2, 3)
                .build();
    }

    private static Tensor[] dynamic(float[] x) {
        byte[] model = new OnnxModelBuilder()
                .opset(11)
                .input("x", DType.FLOAT, x.length)
                .node("DynamicQuantizeLinear")
                .inputs("x")
                .outputs("y", "scale", "zero")
                .add()
                .output("y", DType.UINT8, x.length)
                .output("scale", DType.FLOAT)
                .output("zero", DType.UINT8)
                .build();
        RunResult result = run(model, Map.of("x", Tensor.ofFloats(new int[] {x.length}, x)));
        return new Tensor[] {result.output("y"), result.output("scale"), result.output("zero")};
    }

    private static RunResult run(byte[] model, Map<String, Tensor> inputs) {
        return PreparedModel.prepare(OnnxModel.parse(model)).run(inputs);
    }
}
