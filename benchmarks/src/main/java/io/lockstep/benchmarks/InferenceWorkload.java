package io.lockstep.benchmarks;

import static io.lockstep.benchmarks.ModelGraph.attr;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * One model of the inference benchmark with its inputs: built in code from a fixed seed, so that every
 * run and both engines see the same weights and inputs.
 *
 * @param name what the report calls it
 * @param graph the model; weights are initializers (constants), so both engines may pack them once
 * @param inputs one value for every graph input
 * @param macs multiply-accumulates of one run (matrix products and convolutions only)
 * @param integer whether the outputs are integers (compared exactly with ONNX Runtime, throughput in
 *     GMAC/s) or floats (compared within a tolerance, throughput in GFLOP/s = 2 x MACs)
 * @param profiled whether the report breaks this model down node by node
 */
record InferenceWorkload(
        String name, ModelGraph graph, Map<String, Tensor> inputs, long macs, boolean integer, boolean profiled) {

    /** The models of the issue: matrix products at four shapes, f32 and int8, a CNN and a transformer block. */
    static List<InferenceWorkload> all() {
        int[][] shapes = {{1, 768, 768}, {64, 768, 768}, {256, 256, 256}, {1024, 1024, 1024}};
        List<InferenceWorkload> list = new ArrayList<>();
        for (int[] s : shapes) {
            list.add(floatMatMul(s[0], s[1], s[2]));
        }
        for (int[] s : shapes) {
            list.add(int8MatMul(s[0], s[1], s[2]));
        }
        list.add(convolutionNetwork());
        list.add(transformerBlock());
        return list;
    }

    /** {@code Y[m,n] = A[m,k] x B[k,n]}, B a constant. */
    static InferenceWorkload floatMatMul(int m, int k, int n) {
        Random random = new Random(1000L * m + k + n);
        ModelGraph g = new ModelGraph();
        g.input("a", DType.FLOAT, m, k);
        g.constant("b", uniform(random, 1f, k, n));
        g.node("MatMul", "y", List.of("a", "b"));
        g.output("y");
        return new InferenceWorkload(
                "f32 MatMul " + m + "×" + k + "×" + n,
                g,
                Map.of("a", uniform(random, 1f, m, k)),
                (long) m * k * n,
                false,
                false);
    }

    /**
     * MatMulInteger the way dynamic quantization emits it: uint8 activations with a zero point, int8
     * weights (a constant) with zero point 0; exact int32 output.
     */
    static InferenceWorkload int8MatMul(int m, int k, int n) {
        Random random = new Random(2000L * m + k + n);
        ModelGraph g = new ModelGraph();
        g.input("a", DType.UINT8, m, k);
        g.constant("b", bytes(random, DType.INT8, -127, 127, k, n));
        g.constant("a_zero", Tensor.ofBytes(DType.UINT8, new int[0], (byte) 131));
        g.node(DType.INT32, "MatMulInteger", "y", List.of("a", "b", "a_zero"));
        g.output("y");
        return new InferenceWorkload(
                "int8 MatMulInteger " + m + "×" + k + "×" + n,
                g,
                Map.of("a", bytes(random, DType.UINT8, 0, 255, m, k)),
                (long) m * k * n,
                true,
                false);
    }

    /**
     * A ResNet-like stack on 1×64×56×56 (the shape of ResNet-18's first stage): two basic blocks
     * (3×3 convolution, ReLU, 3×3 convolution, residual add, ReLU) at 64 channels, one block that
     * halves the resolution to 128 channels with a 1×1 strided shortcut, global average pooling and a
     * 10-way linear head. Batch normalization is taken as folded into the convolutions, as exporters do
     * for inference.
     */
    static InferenceWorkload convolutionNetwork() {
        Random random = new Random(3);
        ModelGraph g = new ModelGraph();
        g.input("x", DType.FLOAT, 1, 64, 56, 56);
        long[] macs = {0};
        Conv conv = (name, in, cin, cout, kernel, stride, size) -> {
            g.constant(
                    name + "_w",
                    uniform(random, (float) Math.sqrt(6.0 / (cin * kernel * kernel)), cout, cin, kernel, kernel));
            g.constant(name + "_b", uniform(random, 0.1f, cout));
            int pad = kernel / 2;
            int out = (size + 2 * pad - kernel) / stride + 1;
            macs[0] += (long) cout * out * out * cin * kernel * kernel;
            return g.node(
                    "Conv",
                    name,
                    List.of(in, name + "_w", name + "_b"),
                    attr("kernel_shape", kernel, kernel),
                    attr("pads", pad, pad, pad, pad),
                    attr("strides", stride, stride));
        };
        String x = "x";
        for (int block = 1; block <= 2; block++) {
            String p = "block" + block;
            String h = g.node("Relu", p + "_relu1", List.of(conv.add(p + "_conv1", x, 64, 64, 3, 1, 56)));
            String sum = g.node("Add", p + "_add", List.of(conv.add(p + "_conv2", h, 64, 64, 3, 1, 56), x));
            x = g.node("Relu", p + "_relu2", List.of(sum));
        }
        String h = g.node("Relu", "down_relu1", List.of(conv.add("down_conv1", x, 64, 128, 3, 2, 56)));
        String main = conv.add("down_conv2", h, 128, 128, 3, 1, 28);
        String shortcut = conv.add("down_shortcut", x, 64, 128, 1, 2, 56);
        x = g.node("Relu", "down_relu2", List.of(g.node("Add", "down_add", List.of(main, shortcut))));
        String pooled = g.node("Flatten", "flat", List.of(g.node("GlobalAveragePool", "pool", List.of(x))));
        g.constant("head_w", uniform(random, (float) Math.sqrt(3.0 / 128), 10, 128));
        g.constant("head_b", uniform(random, 0.1f, 10));
        g.node("Gemm", "logits", List.of(pooled, "head_w", "head_b"), attr("transB", 1L));
        g.output("logits");
        macs[0] += 128 * 10;
        return new InferenceWorkload(
                "CNN: ResNet-like stack 1×64×56×56",
                g,
                Map.of("x", uniform(random, 1f, 1, 64, 56, 56)),
                macs[0],
                false,
                true);
    }

    /**
     * One pre-norm transformer encoder block as exporters write it (opset 17): sequence 128, d_model
     * 384, 6 heads of 64, MLP 4× (1536) with exact GELU spelled with Erf; no mask.
     */
    static InferenceWorkload transformerBlock() {
        int seq = 128;
        int dim = 384;
        int heads = 6;
        int head = dim / heads;
        int hidden = 4 * dim;
        Random random = new Random(4);
        ModelGraph g = new ModelGraph();
        g.input("x", DType.FLOAT, 1, seq, dim);
        g.constant("split_heads", Tensor.ofLongs(new int[] {4}, 1, seq, heads, head));
        g.constant("merge_heads", Tensor.ofLongs(new int[] {3}, 1, seq, dim));
        g.constant("scale", Tensor.scalar((float) (1 / Math.sqrt(head))));
        g.constant("sqrt2", Tensor.scalar((float) Math.sqrt(2)));
        g.constant("one", Tensor.scalar(1f));
        g.constant("half", Tensor.scalar(0.5f));
        Linear linear = (name, in, fanIn, fanOut) -> {
            g.constant(name + "_w", uniform(random, (float) Math.sqrt(3.0 / fanIn), fanIn, fanOut));
            g.constant(name + "_b", uniform(random, 0.05f, fanOut));
            String product = g.node("MatMul", name + "_mm", List.of(in, name + "_w"));
            return g.node("Add", name, List.of(product, name + "_b"));
        };
        LayerNorm norm = (name, in) -> {
            float[] gamma = uniform(random, 0.1f, dim).toFloatArray();
            for (int i = 0; i < dim; i++) {
                gamma[i] += 1;
            }
            g.constant(name + "_gamma", Tensor.ofFloats(new int[] {dim}, gamma));
            g.constant(name + "_beta", uniform(random, 0.1f, dim));
            return g.node(
                    "LayerNormalization",
                    name,
                    List.of(in, name + "_gamma", name + "_beta"),
                    attr("axis", -1L),
                    attr("epsilon", 1e-5f));
        };
        String ln1 = norm.add("ln1", "x");
        Map<String, String> qkv = new LinkedHashMap<>();
        for (String part : List.of("q", "k", "v")) {
            String projected = linear.add(part, ln1, dim, dim);
            String split = g.node("Reshape", part + "_heads", List.of(projected, "split_heads"));
            // K goes straight to [1, heads, head, seq] so that the scores are one batched MatMul.
            long[] perm = part.equals("k") ? new long[] {0, 2, 3, 1} : new long[] {0, 2, 1, 3};
            qkv.put(part, g.node("Transpose", part + "_t", List.of(split), attr("perm", perm)));
        }
        String scores = g.node("MatMul", "scores", List.of(qkv.get("q"), qkv.get("k")));
        String scaled = g.node("Mul", "scores_scaled", List.of(scores, "scale"));
        String probs = g.node("Softmax", "probs", List.of(scaled), attr("axis", -1L));
        String context = g.node("MatMul", "context", List.of(probs, qkv.get("v")));
        String merged = g.node(
                "Reshape",
                "context_merged",
                List.of(
                        g.node("Transpose", "context_t", List.of(context), attr("perm", 0L, 2L, 1L, 3L)),
                        "merge_heads"));
        String attended = g.node("Add", "residual1", List.of("x", linear.add("attn_out", merged, dim, dim)));
        String up = linear.add("mlp_up", norm.add("ln2", attended), dim, hidden);
        String erf = g.node("Erf", "gelu_erf", List.of(g.node("Div", "gelu_div", List.of(up, "sqrt2"))));
        String gelu = g.node(
                "Mul",
                "gelu",
                List.of(g.node("Mul", "gelu_x", List.of(up, g.node("Add", "gelu_add", List.of(erf, "one")))), "half"));
        g.node("Add", "y", List.of(attended, linear.add("mlp_down", gelu, hidden, dim)));
        g.output("y");
        long macs = 4L * seq * dim * dim // Q, K, V and output projections
                + 2L * heads * seq * seq * head // scores and context
                + 2L * seq * dim * hidden; // MLP
        return new InferenceWorkload(
                "transformer block: seq " + seq + ", d_model " + dim + ", " + heads + " heads, MLP " + hidden,
                g,
                Map.of("x", uniform(random, 1f, 1, seq, dim)),
                macs,
                false,
                true);
    }

    /** Work of one run in the report's unit: GFLOP (2 per MAC) for float models, GMAC for integer ones. */
    double giga() {
        return (integer ? macs : 2.0 * macs) / 1e9;
    }

    String unit() {
        return integer ? "GMAC/s" : "GFLOP/s";
    }

    private static Tensor uniform(Random random, float bound, int... shape) {
        float[] data = new float[count(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (random.nextFloat() * 2 - 1) * bound;
        }
        return Tensor.ofFloats(shape, data);
    }

    private static Tensor bytes(Random random, DType dtype, int low, int high, int... shape) {
        byte[] data = new byte[count(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (low + random.nextInt(high - low + 1));
        }
        return Tensor.ofBytes(dtype, shape, data);
    }

    private static int count(int[] shape) {
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        return n;
    }

    @FunctionalInterface
    private interface Conv {
        String add(String name, String input, int cin, int cout, int kernel, int stride, int inputSize);
    }

    @FunctionalInterface
    private interface Linear {
        String add(String name, String input, int fanIn, int fanOut);
    }

    @FunctionalInterface
    private interface LayerNorm {
        String add(String name, String input);
    }
}
