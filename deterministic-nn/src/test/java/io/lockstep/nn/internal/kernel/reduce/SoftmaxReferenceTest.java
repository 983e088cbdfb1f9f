package io.lockstep.nn.internal.kernel.reduce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnThreads;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Softmax against its rule in docs/spec/nn.md written as a plain loop with {@code StrictMath.exp}, bit for
 * bit: the last axis and a middle axis (strided lines), lines longer than the kernel's block, lines with
 * NaN, infinities and huge spreads, one and two threads.
 */
class SoftmaxReferenceTest {
    private static final int CANONICAL_NAN = 0x7fc00000;

    private static float[] reference(float[] x, int outer, int len, int inner) {
        float[] y = new float[x.length];
        for (int o = 0; o < outer; o++) {
            for (int in = 0; in < inner; in++) {
                int base = o * len * inner + in;
                float m = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < len; j++) {
                    float v = x[base + j * inner];
                    if (v > m) {
                        m = v;
                    }
                }
                double sum = 0;
                for (int j = 0; j < len; j++) {
                    float e = (float) StrictMath.exp(x[base + j * inner] - m);
                    y[base + j * inner] = e;
                    sum += e;
                }
                for (int j = 0; j < len; j++) {
                    double v = y[base + j * inner] / sum;
                    y[base + j * inner] = v != v ? Float.intBitsToFloat(CANONICAL_NAN) : (float) v;
                }
            }
        }
        return y;
    }

    private static void check(SplittableRandom random, long seed, int outer, int len, int inner) {
        float[] x = new float[outer * len * inner];
        float spread = random.nextBoolean() ? 3f : 60f;
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * spread);
            if (random.nextInt(300) == 0) {
                float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1e30f};
                x[i] = specials[random.nextInt(specials.length)];
            }
        }
        int[] shape = {outer, len, inner};
        byte[] bytes = new OnnxModelBuilder()
                .opset(13)
                .input("x", DType.FLOAT, outer, len, inner)
                .node("Softmax")
                .inputs("x")
                .outputs("y")
                .attr("axis", 1L)
                .add()
                .output("y", DType.FLOAT)
                .build();
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(bytes));
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(shape, x));
        float[] expected = reference(x, outer, len, inner);
        float[] one = model.run(in).output("y").toFloatArray();
        float[] two;
        try (NnThreads threads = NnThreads.create(2)) {
            two = model.run(in, threads).output("y").toFloatArray();
        }
        for (int i = 0; i < expected.length; i++) {
            String where = "element " + i + " of " + outer + "x" + len + "x" + inner + ", seed " + seed;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(one[i]), where);
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(two[i]), where);
        }
    }

    @Test
    void matchesThePlainLoopBitForBit() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("SoftmaxReferenceTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        int[][] shapes = {{1, 1, 1}, {3, 7, 1}, {48, 128, 1}, {2, 2500, 1}, {2, 5, 3}, {4, 1100, 2}, {1, 64, 17}};
        for (int[] shape : shapes) {
            check(random, seed, shape[0], shape[1], shape[2]);
        }
    }
}
