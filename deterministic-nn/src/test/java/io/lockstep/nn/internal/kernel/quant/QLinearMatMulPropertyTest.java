package io.lockstep.nn.internal.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.lockstep.nn.DType;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * QLinearMatMul against the ONNX formula computed directly: the exact integer product, times the float
 * multiplier {@code (a_scale * b_scale) / y_scale} in double, rounded half to even, plus the zero point,
 * clamped. Scales per tensor, per row of a and y, per column of b; a third of the cases use powers of
 * two so that ties occur. Seed: {@code -Dlockstep.seed}.
 */
class QLinearMatMulPropertyTest {
    private static final long SEED = Long.getLong("lockstep.seed", 20261124L);

    @Test
    void matchesTheFormula() {
        System.out.println("QLinearMatMulPropertyTest.matchesTheFormula seed=" + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < 80; c++) {
            int m = 1 + random.nextInt(12);
            int k = 1 + random.nextInt(200);
            int n = 1 + random.nextInt(random.nextBoolean() ? 20 : 700);
            DType aType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            DType bType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            DType yType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            boolean ties = random.nextInt(3) == 0;
            boolean aPerRow = random.nextBoolean();
            boolean bPerColumn = random.nextBoolean();
            boolean yPerRow = random.nextBoolean();
            Tensor a = Tensor.ofBytes(aType, new int[] {m, k}, Int8GemmPropertyTest.bytes(random, m * k));
            Tensor b = Tensor.ofBytes(bType, new int[] {k, n}, Int8GemmPropertyTest.bytes(random, k * n));
            float[] aScale = scales(random, aPerRow ? m : 1, ties, 1);
            float[] bScale = scales(random, bPerColumn ? n : 1, ties, 1);
            float[] yScale = scales(random, yPerRow ? m : 1, ties, 30 + random.nextInt(2000));
            for (int i = 0; i < yScale.length; i++) {
                yScale[i] *= aScale[0] * bScale[0];
            }
            int[] aZero = zeros(random, aType, aPerRow ? m : 1);
            int[] bZero = zeros(random, bType, bPerColumn ? n : 1);
            int[] yZero = zeros(random, yType, yPerRow ? m : 1);

            OnnxModelBuilder builder = new OnnxModelBuilder().opset(random.nextBoolean() ? 10 : 21);
            Map<String, Tensor> feed = new HashMap<>();
            boolean constantB = random.nextBoolean();
            input(builder, feed, "a", a, false);
            input(builder, feed, "a_scale", vector(aScale), random.nextBoolean());
            input(builder, feed, "a_zero", bytes(aType, aZero), random.nextBoolean());
            input(builder, feed, "b", b, constantB);
            input(builder, feed, "b_scale", vector(bScale), constantB);
            input(builder, feed, "b_zero", bytes(bType, bZero), constantB);
            input(builder, feed, "y_scale", vector(yScale), random.nextBoolean());
            input(builder, feed, "y_zero", bytes(yType, yZero), random.nextBoolean());
            builder.node("QLinearMatMul")
                    .inputs("a", "a_scale", "a_zero", "b", "b_scale", "b_zero", "y_scale", "y_zero")
                    .outputs("y")
                    .add()
                    .output("y", yType, m, n);
            byte[] actual = PreparedModel.prepare(OnnxModel.parse(builder.build()))
                    .run(feed)
                    .output("y")
                    .toByteArray();

            int lo = yType == DType.UINT8 ? 0 : -128;
            int hi = yType == DType.UINT8 ? 255 : 127;
            byte[] expected = new byte[m * n];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    long sum = 0;
                    for (int p = 0; p < k; p++) {
                        sum += (a.longAt(i * k + p) - aZero[aPerRow ? i : 0])
                                * (b.longAt(p * n + j) - bZero[bPerColumn ? j : 0]);
                    }
                    float product = aScale[aPerRow ? i : 0] * bScale[bPerColumn ? j : 0];
                    float multiplier = product / yScale[yPerRow ? i : 0];
                    double v = Math.rint(sum * (double) multiplier) + yZero[yPerRow ? i : 0];
                    expected[i * n + j] = (byte) (int) Math.max(lo, Math.min(hi, v));
                }
            }
            assertArrayEquals(
                    expected,
                    actual,
                    "seed=" + SEED + " case " + c + ": " + m + "x" + k + "x" + n + " " + aType + "/" + bType + "->"
                            + yType + " per row/column/row " + aPerRow + "/" + bPerColumn + "/" + yPerRow
                            + " ties=" + ties);
        }
    }

    private static float[] scales(SplittableRandom random, int count, boolean powersOfTwo, float factor) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            float s = powersOfTwo
                    ? Math.scalb(1f, -3 - random.nextInt(8))
                    : (float) Math.pow(10, -1 - 3 * random.nextDouble());
            out[i] = s * (powersOfTwo ? Math.scalb(1f, random.nextInt(11)) : factor);
        }
        return out;
    }

    private static int[] zeros(SplittableRandom random, DType type, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = Int8GemmPropertyTest.zero(random, type == DType.UINT8);
        }
        return out;
    }

    private static Tensor vector(float[] values) {
        return values.length == 1
                ? Tensor.ofFloats(new int[] {}, values)
                : Tensor.ofFloats(new int[] {values.length}, values);
    }

    private static Tensor bytes(DType type, int[] values) {
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return Tensor.ofBytes(type, values.length == 1 ? new int[] {1} : new int[] {values.length}, out);
    }

    private static void input(
            OnnxModelBuilder builder, Map<String, Tensor> feed, String name, Tensor value, boolean constant) {
        if (constant) {
            builder.initializer(name, value);
        } else {
            builder.input(name, value.dtype(), Int8GemmPropertyTest.toLongs(value.shape()));
            feed.put(name, value);
        }
    }
}
