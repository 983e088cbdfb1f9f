package io.lockstep.nn.internal.kernel.elementwise;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.DType;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Relu is {@code x < 0 ? +0.0f : x} bit for bit, whichever loop runs it (the Vector API one where the
 * module is resolved, the scalar one elsewhere): -0.0 and NaN pass through, every length's tail too.
 */
class ReluTest {
    private static final long SEED = 0x72656c75L;

    private static final float[] SPECIAL = {
        -0f,
        0f,
        Float.NaN,
        Float.NEGATIVE_INFINITY,
        Float.POSITIVE_INFINITY,
        Float.MIN_VALUE,
        -Float.MIN_VALUE,
        Float.MAX_VALUE,
        -Float.MAX_VALUE,
        -1f,
        1f
    };

    @Test
    void everyLaneAndTailIsTheScalarDefinition() {
        Random r = new Random(SEED);
        for (int length : new int[] {1, 7, 8, 15, 16, 17, 31, 33, 64, 70, 1000, 40_001}) {
            float[] x = new float[length];
            for (int i = 0; i < length; i++) {
                x[i] = r.nextInt(3) == 0 ? SPECIAL[r.nextInt(SPECIAL.length)] : (r.nextFloat() - 0.5f) * 10f;
            }
            byte[] model = new OnnxModelBuilder()
                    .input("x", DType.FLOAT, length)
                    .node("Relu")
                    .inputs("x")
                    .outputs("y")
                    .add()
                    .output("y", DType.FLOAT)
                    .build();
            float[] y = PreparedModel.prepare(OnnxModel.parse(model))
                    .run(Map.of("x", Tensor.ofFloats(new int[] {length}, x)))
                    .output("y")
                    .toFloatArray();
            for (int i = 0; i < length; i++) {
                float expected = x[i] < 0f ? 0f : x[i];
                if (Float.isNaN(expected)) {
                    expected = Float.intBitsToFloat(0x7fc00000);
                }
                assertEquals(
                        Float.floatToRawIntBits(expected),
                        Float.floatToRawIntBits(y[i]),
                        "length " + length + ", element " + i + " = " + x[i]);
            }
        }
    }
}
