package io.lockstep.nn.internal.kernel.norm;

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
 * LayerNormalization against its rule in docs/spec/nn.md written as a plain loop, bit for bit: line counts
 * that are and are not multiples of four, broadcast scale and bias, with and without bias, NaN and
 * infinite inputs and parameters, epsilon 0 on a constant line (infinite inv), one and two threads.
 */
class LayerNormalizationReferenceTest {
    private static final int CANONICAL_NAN = 0x7fc00000;

    private static float[] reference(float[] x, int lines, int n, float[] scale, float[] bias, float epsilon) {
        float[] y = new float[x.length];
        for (int line = 0; line < lines; line++) {
            int base = line * n;
            double sum = 0;
            for (int j = 0; j < n; j++) {
                sum += x[base + j];
            }
            double mean = sum / n;
            double squares = 0;
            for (int j = 0; j < n; j++) {
                double d = x[base + j] - mean;
                squares += d * d;
            }
            double inv = 1 / StrictMath.sqrt(squares / n + (double) epsilon);
            for (int j = 0; j < n; j++) {
                double v = (x[base + j] - mean) * inv * scale[j % scale.length];
                if (bias != null) {
                    v += bias[j % bias.length];
                }
                y[base + j] = v != v ? Float.intBitsToFloat(CANONICAL_NAN) : (float) v;
            }
        }
        return y;
    }

    private static float[] randomFloats(SplittableRandom random, int count, boolean special) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = (float) (random.nextGaussian() * 3);
            if (special && random.nextInt(200) == 0) {
                float[] specials = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, 3e38f, -3e38f};
                v[i] = specials[random.nextInt(specials.length)];
            }
        }
        return v;
    }

    private static void check(SplittableRandom random, long seed, int lines, int n, int scaleLength, boolean hasBias) {
        boolean special = random.nextInt(3) == 0;
        float epsilon = random.nextInt(4) == 0 ? 0f : 1e-5f;
        float[] x = randomFloats(random, lines * n, special);
        if (epsilon == 0f && lines > 1) {
            java.util.Arrays.fill(x, 0, n, 1.5f); // var 0, inv infinite, (x - mean) * inv = NaN
        }
        float[] scale = randomFloats(random, scaleLength, special);
        float[] bias = hasBias ? randomFloats(random, scaleLength, special) : null;
        OnnxModelBuilder builder = new OnnxModelBuilder()
                .opset(17)
                .input("x", DType.FLOAT, lines, n)
                .initializer("scale", Tensor.ofFloats(new int[] {scaleLength}, scale));
        if (hasBias) {
            builder.initializer("bias", Tensor.ofFloats(new int[] {scaleLength}, bias));
        }
        builder.node("LayerNormalization")
                .inputs(hasBias ? new String[] {"x", "scale", "bias"} : new String[] {"x", "scale"})
                .outputs("y")
                .attr("epsilon", epsilon)
                .add();
        PreparedModel model = PreparedModel.prepare(
                OnnxModel.parse(builder.output("y", DType.FLOAT).build()));
        Map<String, Tensor> in = Map.of("x", Tensor.ofFloats(new int[] {lines, n}, x));
        float[] expected = reference(x, lines, n, scale, bias, epsilon);
        float[] one = model.run(in).output("y").toFloatArray();
        float[] two;
        try (NnThreads threads = NnThreads.create(2)) {
            two = model.run(in, threads).output("y").toFloatArray();
        }
        for (int i = 0; i < expected.length; i++) {
            String where = "element " + i + " of " + lines + "x" + n + ", seed " + seed;
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(one[i]), where);
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(two[i]), where);
        }
    }

    @Test
    void matchesThePlainLoopBitForBit() {
        long seed = new SplittableRandom().nextLong();
        System.out.println("LayerNormalizationReferenceTest seed " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        int[][] shapes = {{1, 7}, {3, 5}, {4, 16}, {9, 33}, {64, 384}, {130, 24}};
        for (int[] shape : shapes) {
            int n = shape[1];
            check(random, seed, shape[0], n, n, true);
            check(random, seed, shape[0], n, n, false);
            check(random, seed, shape[0], n, 1, true);
        }
    }
}
