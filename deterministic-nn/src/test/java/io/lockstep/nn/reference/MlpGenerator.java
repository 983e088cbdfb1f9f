package io.lockstep.nn.reference;

import io.lockstep.nn.DType;
import java.util.Arrays;
import java.util.Map;

/**
 * Random multilayer perceptrons (widths now and then past the GEMM's depth slice and column panel): one to four dense layers (Gemm with random transB, alpha, beta and
 * bias shape, or MatMul then Add, also over a 3-D batch), each followed by Relu, Gelu (both forms),
 * Tanh, Sigmoid or nothing, then Softmax. Weights are scaled by {@code 1/sqrt(fan-in)} so that
 * activations stay near 1 through the layers.
 */
final class MlpGenerator {
    private static final long[] OPSETS = {13, 17, 18, 20, 21};

    private MlpGenerator() {}

    static GeneratedModel generate(long seed) {
        RandomGraph g = new RandomGraph(seed);
        long opset = g.opset(OPSETS);
        StringBuilder what = new StringBuilder("MLP opset ").append(opset);
        boolean batched = g.chance(0.25);
        int[] lead = batched
                ? new int[] {g.between(1, 3), g.between(1, 12)}
                : new int[] {g.sometimesBig(1, 16, 0.2, 17, 64)};
        // Now and then wider than the GEMM's depth slice (256) and column panel (512).
        int width = g.sometimesBig(4, 96, 0.2, 200, 600);
        String x = g.input("x", g.floats(2f, append(lead, width)));
        what.append(" x").append(Arrays.toString(append(lead, width)));
        int layers = g.between(1, 4);
        for (int layer = 0; layer < layers; layer++) {
            int out = g.sometimesBig(4, 96, 0.15, 200, 600);
            float scale = (float) (1.7 / Math.sqrt(width));
            if (!batched && g.chance(0.5)) {
                x = gemm(g, x, lead[0], width, out, scale, what);
            } else {
                String w = g.weights("w", scale, width, out);
                String b = g.weights("b", 0.2f, out);
                x = g.op("Add", g.rounded("MatMul", x, w), b);
                what.append(" MatMul+Add ").append(width).append("->").append(out);
            }
            width = out;
            if (layer < layers - 1 || g.chance(0.3)) {
                x = activation(g, x, opset, what);
            }
        }
        int axis = batched && g.chance(0.3) ? 1 : -1;
        String probs = g.rounded("Softmax", n -> n.attr("axis", (long) axis), x);
        what.append(" Softmax(axis ").append(axis).append(')');
        int[] shape = append(lead, width);
        g.output(probs, DType.FLOAT, shape);
        Map<String, Tolerance> tolerances = new java.util.LinkedHashMap<>();
        tolerances.put(probs, Tolerance.base());
        if (g.chance(0.5)) {
            g.output(x, DType.FLOAT, shape);
            tolerances.put(x, Tolerance.base());
        }
        return new GeneratedModel(what.toString(), g.builder.build(), g.inputs(), tolerances, g.roundingSteps());
    }

    private static String gemm(RandomGraph g, String x, int rows, int width, int out, float scale, StringBuilder what) {
        boolean transB = g.chance(0.5);
        String w = transB ? g.weights("w", scale, out, width) : g.weights("w", scale, width, out);
        float alpha = g.pick(new Float[] {1f, 1f, 0.5f, 1.25f});
        float beta = g.pick(new Float[] {1f, 1f, 0.75f});
        int[] biasShape = g.pick(new int[][] {{out}, {1, out}, {rows, out}});
        boolean bias = g.chance(0.8);
        what.append(" Gemm ").append(width).append("->").append(out);
        what.append(transB ? " transB" : "")
                .append(" alpha ")
                .append(alpha)
                .append(" beta ")
                .append(beta);
        if (bias) {
            what.append(" C").append(Arrays.toString(biasShape));
            String c = g.weights("c", 0.2f, biasShape);
            return g.rounded(
                    "Gemm",
                    n -> n.attr("transB", transB ? 1L : 0L).attr("alpha", alpha).attr("beta", beta),
                    x,
                    w,
                    c);
        }
        return g.rounded("Gemm", n -> n.attr("transB", transB ? 1L : 0L).attr("alpha", alpha), x, w);
    }

    static String activation(RandomGraph g, String x, long opset, StringBuilder what) {
        int choices = opset >= 20 ? 6 : 4;
        switch (g.random.nextInt(choices)) {
            case 0, 1 -> {
                what.append(" Relu");
                return g.op("Relu", x);
            }
            case 2 -> {
                what.append(" Tanh");
                return g.rounded("Tanh", x);
            }
            case 3 -> {
                what.append(" Sigmoid");
                return g.rounded("Sigmoid", x);
            }
            case 4 -> {
                what.append(" Gelu");
                return g.rounded("Gelu", x);
            }
            default -> {
                what.append(" Gelu(tanh)");
                return g.rounded("Gelu", n -> n.attr("approximate", "tanh"), x);
            }
        }
    }

    static int[] append(int[] lead, int last) {
        int[] shape = Arrays.copyOf(lead, lead.length + 1);
        shape[lead.length] = last;
        return shape;
    }
}
