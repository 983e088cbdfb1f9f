package io.lockstep.nn.reference;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Random pre-norm transformer blocks as exporters write them: LayerNormalization, Q/K/V projections
 * (three MatMuls or one fused MatMul and a Split), Reshape and Transpose into heads, scaled dot-product
 * attention with an optional causal mask and Softmax, heads merged back, an output projection and a
 * residual Add; then LayerNormalization, a Gelu MLP (the Gelu operator from opset 20, else written out
 * with Erf as PyTorch exports it) and a second residual Add.
 */
final class TransformerGenerator {
    private static final long[] OPSETS = {17, 18, 19, 20, 21};

    private TransformerGenerator() {}

    static GeneratedModel generate(long seed) {
        RandomGraph g = new RandomGraph(seed);
        long opset = g.opset(OPSETS);
        int batch = g.between(1, 2);
        int seq = g.sometimesBig(2, 16, 0.3, 17, 48);
        int heads = g.between(1, 4);
        int head = g.sometimesBig(2, 16, 0.3, 17, 40);
        int dim = heads * head;
        int hidden = dim * g.between(2, 4);
        boolean fused = g.chance(0.5);
        boolean causal = g.chance(0.5);
        StringBuilder what = new StringBuilder("transformer block opset ").append(opset);
        what.append(" x[")
                .append(batch)
                .append(", ")
                .append(seq)
                .append(", ")
                .append(dim)
                .append("] heads ");
        what.append(heads).append(" x ").append(head).append(" mlp ").append(hidden);
        what.append(fused ? " fused QKV" : " separate QKV").append(causal ? " causal" : "");

        String x = g.input("x", g.floats(1.5f, batch, seq, dim));
        String ln1 = layerNorm(g, x, dim);
        String q;
        String k;
        String v;
        float projection = (float) (1.7 / Math.sqrt(dim));
        if (fused) {
            String qkv = dense(g, ln1, dim, 3 * dim, projection);
            String[] parts = {g.fresh("q"), g.fresh("k"), g.fresh("v")};
            var split = g.builder.node("Split").inputs(qkv).outputs(parts).attr("axis", -1L);
            if (opset >= 18) {
                split.attr("num_outputs", 3L);
            }
            split.add();
            q = parts[0];
            k = parts[1];
            v = parts[2];
        } else {
            q = dense(g, ln1, dim, dim, projection);
            k = dense(g, ln1, dim, dim, projection);
            v = dense(g, ln1, dim, dim, projection);
        }
        boolean copyZero = g.chance(0.5);
        String toHeads = g.constant(
                "heads", Tensor.ofLongs(new int[] {4}, copyZero ? 0 : batch, copyZero ? 0 : seq, heads, head));
        String qh = g.op("Transpose", n -> n.attr("perm", new long[] {0, 2, 1, 3}), g.op("Reshape", q, toHeads));
        String kt = g.op("Transpose", n -> n.attr("perm", new long[] {0, 2, 3, 1}), g.op("Reshape", k, toHeads));
        String vh = g.op("Transpose", n -> n.attr("perm", new long[] {0, 2, 1, 3}), g.op("Reshape", v, toHeads));
        String scores = g.rounded("MatMul", qh, kt);
        String scaled = g.chance(0.5)
                ? g.op("Div", scores, g.constant("sqrt_d", Tensor.scalar((float) Math.sqrt(head))))
                : g.op("Mul", scores, g.constant("inv_sqrt_d", Tensor.scalar((float) (1 / Math.sqrt(head)))));
        if (causal) {
            float[] mask = new float[seq * seq];
            for (int i = 0; i < seq; i++) {
                for (int j = i + 1; j < seq; j++) {
                    mask[i * seq + j] = -10000f;
                }
            }
            scaled = g.op("Add", scaled, g.constant("mask", Tensor.ofFloats(new int[] {seq, seq}, mask)));
        }
        String probs = g.rounded("Softmax", n -> n.attr("axis", -1L), scaled);
        String context = g.rounded("MatMul", probs, vh);
        String merged = g.op(
                "Reshape",
                g.op("Transpose", n -> n.attr("perm", new long[] {0, 2, 1, 3}), context),
                g.constant("merged", Tensor.ofLongs(new int[] {3}, batch, seq, dim)));
        String attended = g.op("Add", x, dense(g, merged, dim, dim, projection));

        String ln2 = layerNorm(g, attended, dim);
        String up = dense(g, ln2, dim, hidden, projection);
        String activated;
        if (opset >= 20 && g.chance(0.7)) {
            activated = g.rounded("Gelu", up);
            what.append(" Gelu");
        } else {
            String erf = g.rounded("Erf", g.op("Div", up, g.constant("sqrt2", Tensor.scalar(1.4142135f))));
            String onePlus = g.op("Add", erf, g.constant("one", Tensor.scalar(1f)));
            activated = g.op("Mul", g.op("Mul", up, onePlus), g.constant("half", Tensor.scalar(0.5f)));
            what.append(" Gelu written with Erf");
        }
        String y = g.op("Add", attended, dense(g, activated, hidden, dim, (float) (1.7 / Math.sqrt(hidden))));

        g.output(y, DType.FLOAT, batch, seq, dim);
        Map<String, Tolerance> tolerances = new LinkedHashMap<>();
        tolerances.put(y, Tolerance.base());
        if (g.chance(0.5)) {
            g.output(probs, DType.FLOAT, batch, heads, seq, seq);
            tolerances.put(probs, Tolerance.base());
        }
        return new GeneratedModel(what.toString(), g.builder.build(), g.inputs(), tolerances, g.roundingSteps());
    }

    private static String layerNorm(RandomGraph g, String x, int dim) {
        float[] gamma = new float[dim];
        for (int i = 0; i < dim; i++) {
            gamma[i] = g.uniform(0.5f, 1.5f);
        }
        String scale = g.constant("gamma", Tensor.ofFloats(new int[] {dim}, gamma));
        String bias = g.weights("beta", 0.3f, dim);
        return g.rounded("LayerNormalization", n -> n.attr("axis", -1L).attr("epsilon", 1e-5f), x, scale, bias);
    }

    private static String dense(RandomGraph g, String x, int in, int out, float scale) {
        return g.op("Add", g.rounded("MatMul", x, g.weights("w", scale, in, out)), g.weights("b", 0.1f, out));
    }
}
