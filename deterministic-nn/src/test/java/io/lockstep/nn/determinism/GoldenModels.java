package io.lockstep.nn.determinism;

import io.lockstep.nn.DType;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Fixed models and inputs whose output hashes are golden: the same on every JDK, JIT tier, CPU and
 * thread count. Weights and inputs come from {@link SplittableRandom} with fixed seeds (its algorithm
 * is specified, so the values are the same everywhere), with NaN, infinities, -0 and subnormals mixed
 * into the inputs.
 */
public final class GoldenModels {
    /** A golden model: its ONNX bytes, prepared once, and its inputs. */
    public record Case(String name, byte[] bytes, PreparedModel model, Map<String, Tensor> inputs) {
        static Case of(String name, byte[] bytes, Map<String, Tensor> inputs) {
            return new Case(name, bytes, PreparedModel.prepare(OnnxModel.parse(bytes)), inputs);
        }
    }

    private GoldenModels() {}

    public static List<Case> all() {
        return List.of(mlp(), attentionBlock(), integers(), cnn(), transformerBlock(), quantized());
    }

    static Tensor randomFloats(long seed, float scale, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            data[i] = (float) ((random.nextDouble() * 2 - 1) * scale);
        }
        return Tensor.ofFloats(shape, data);
    }

    /** Random floats with special values at fixed places. */
    static Tensor input(long seed, float scale, int... shape) {
        float[] data = randomFloats(seed, scale, shape).toFloatArray();
        float[] special = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -0f, 1e-40f, -3e-39f};
        for (int i = 0; i < special.length && i * 97 < data.length; i++) {
            data[i * 97] = special[i];
        }
        return Tensor.ofFloats(shape, data);
    }

    /** Two dense layers with Gelu, then Softmax and LogSoftmax heads. */
    static Case mlp() {
        byte[] bytes = new OnnxModelBuilder()
                .opset(21)
                .input("x", DType.FLOAT, 64, 256)
                .initializer("w1", randomFloats(1, 0.1f, 256, 512))
                .initializer("b1", randomFloats(2, 0.1f, 512))
                .initializer("w2", randomFloats(3, 0.1f, 512, 128))
                .initializer("b2", randomFloats(4, 0.1f, 128))
                .node("MatMul")
                .inputs("x", "w1")
                .outputs("h1")
                .add()
                .node("Add")
                .inputs("h1", "b1")
                .outputs("h2")
                .add()
                .node("Gelu")
                .inputs("h2")
                .outputs("h3")
                .add()
                .node("MatMul")
                .inputs("h3", "w2")
                .outputs("h4")
                .add()
                .node("Add")
                .inputs("h4", "b2")
                .outputs("logits")
                .add()
                .node("Softmax")
                .inputs("logits")
                .outputs("probs")
                .attr("axis", -1L)
                .add()
                .node("LogSoftmax")
                .inputs("logits")
                .outputs("logprobs")
                .attr("axis", 0L)
                .add()
                .output("probs", DType.FLOAT, 64, 128)
                .output("logprobs", DType.FLOAT, 64, 128)
                .build();
        return Case.of("mlp", bytes, Map.of("x", input(10, 3f, 64, 256)));
    }

    /** Layer normalization written out, a fused QKV Gemm, four-head causal attention, tanh-Gelu MLP. */
    static Case attentionBlock() {
        int seq = 128;
        int dim = 64;
        int heads = 4;
        int head = dim / heads;
        float[] mask = new float[seq * seq];
        for (int i = 0; i < seq; i++) {
            for (int j = 0; j < seq; j++) {
                mask[i * seq + j] = j <= i ? 1 : 0;
            }
        }
        byte[] bytes = new OnnxModelBuilder()
                .opset(20)
                .input("x", DType.FLOAT, seq, dim)
                .initializer("gamma", randomFloats(20, 1f, dim))
                .initializer("beta", randomFloats(21, 0.5f, dim))
                .initializer("two", Tensor.scalar(2f))
                .initializer("eps", Tensor.scalar(1e-5f))
                .initializer("wqkv", randomFloats(22, 0.2f, 3 * dim, dim))
                .initializer("bqkv", randomFloats(23, 0.1f, 3 * dim))
                .initializer("heads", Tensor.ofLongs(new int[] {3}, seq, heads, head))
                .initializer("merged", Tensor.ofLongs(new int[] {2}, seq, dim))
                .initializer("scale", Tensor.scalar((float) Math.sqrt(head)))
                .initializer("mask", Tensor.ofFloats(new int[] {seq, seq}, mask))
                .initializer("zero", Tensor.scalar(0f))
                .initializer("minus", Tensor.scalar(-1e9f))
                .initializer("w_out", randomFloats(24, 0.2f, dim, dim))
                .initializer("axes", Tensor.ofLongs(new int[] {1}, -1))
                .initializer("starts", Tensor.ofLongs(new int[] {1}, 8))
                .initializer("ends", Tensor.ofLongs(new int[] {1}, 40))
                .node("ReduceMean")
                .inputs("x", "axes")
                .outputs("mean")
                .add()
                .node("Sub")
                .inputs("x", "mean")
                .outputs("centered")
                .add()
                .node("Pow")
                .inputs("centered", "two")
                .outputs("squared")
                .add()
                .node("ReduceMean")
                .inputs("squared", "axes")
                .outputs("variance")
                .add()
                .node("Add")
                .inputs("variance", "eps")
                .outputs("variance_eps")
                .add()
                .node("Sqrt")
                .inputs("variance_eps")
                .outputs("std")
                .add()
                .node("Div")
                .inputs("centered", "std")
                .outputs("normalized")
                .add()
                .node("Mul")
                .inputs("normalized", "gamma")
                .outputs("scaled")
                .add()
                .node("Add")
                .inputs("scaled", "beta")
                .outputs("ln")
                .add()
                .node("Gemm")
                .inputs("ln", "wqkv", "bqkv")
                .outputs("qkv")
                .attr("transB", 1L)
                .add()
                .node("Split")
                .inputs("qkv")
                .outputs("q", "k", "v")
                .attr("axis", 1L)
                .attr("num_outputs", 3L)
                .add()
                .node("Reshape")
                .inputs("q", "heads")
                .outputs("q3")
                .add()
                .node("Reshape")
                .inputs("k", "heads")
                .outputs("k3")
                .add()
                .node("Reshape")
                .inputs("v", "heads")
                .outputs("v3")
                .add()
                .node("Transpose")
                .inputs("q3")
                .outputs("qh")
                .attr("perm", new long[] {1, 0, 2})
                .add()
                .node("Transpose")
                .inputs("k3")
                .outputs("kt")
                .attr("perm", new long[] {1, 2, 0})
                .add()
                .node("Transpose")
                .inputs("v3")
                .outputs("vh")
                .attr("perm", new long[] {1, 0, 2})
                .add()
                .node("MatMul")
                .inputs("qh", "kt")
                .outputs("scores")
                .add()
                .node("Div")
                .inputs("scores", "scale")
                .outputs("scaled_scores")
                .add()
                .node("Greater")
                .inputs("mask", "zero")
                .outputs("allowed")
                .add()
                .node("Where")
                .inputs("allowed", "scaled_scores", "minus")
                .outputs("masked")
                .add()
                .node("Softmax")
                .inputs("masked")
                .outputs("attention")
                .attr("axis", -1L)
                .add()
                .node("MatMul")
                .inputs("attention", "vh")
                .outputs("context")
                .add()
                .node("Transpose")
                .inputs("context")
                .outputs("context_t")
                .attr("perm", new long[] {1, 0, 2})
                .add()
                .node("Reshape")
                .inputs("context_t", "merged")
                .outputs("context2")
                .add()
                .node("MatMul")
                .inputs("context2", "w_out")
                .outputs("projected")
                .add()
                .node("Add")
                .inputs("x", "projected")
                .outputs("residual")
                .add()
                .node("Gelu")
                .inputs("residual")
                .outputs("activated")
                .attr("approximate", "tanh")
                .add()
                .node("Tanh")
                .inputs("activated")
                .outputs("t")
                .add()
                .node("Sigmoid")
                .inputs("residual")
                .outputs("s")
                .add()
                .node("Erf")
                .inputs("residual")
                .outputs("e")
                .add()
                .node("Concat")
                .inputs("t", "s", "e")
                .outputs("all")
                .attr("axis", 1L)
                .add()
                .node("Slice")
                .inputs("all", "starts", "ends", "axes")
                .outputs("y")
                .add()
                .node("ReduceSum")
                .inputs("attention", "axes")
                .outputs("row_sums")
                .attr("keepdims", 0L)
                .add()
                .output("y", DType.FLOAT, seq, 32)
                .output("row_sums", DType.FLOAT, heads, seq)
                .build();
        return Case.of("attention-block", bytes, Map.of("x", input(30, 2f, seq, dim)));
    }

    /** Embedding lookup, casts, comparisons and integer reductions. */
    static Case integers() {
        SplittableRandom random = new SplittableRandom(40);
        long[] ids = new long[256];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = random.nextInt(-1000, 1000);
        }
        byte[] bytes = new OnnxModelBuilder()
                .opset(17)
                .input("ids", DType.INT64, 256)
                .initializer("table", randomFloats(41, 50f, 1000, 24))
                .initializer("lo", Tensor.ofInts(new int[0], -20))
                .initializer("hi", Tensor.ofInts(new int[0], 20))
                .initializer("limit", Tensor.ofLongs(new int[0], 0))
                .node("Gather")
                .inputs("table", "ids")
                .outputs("rows")
                .attr("axis", 0L)
                .add()
                .node("Cast")
                .inputs("rows")
                .outputs("ints")
                .attr("to", (long) DType.INT32.onnxCode())
                .add()
                .node("Clip")
                .inputs("ints", "lo", "hi")
                .outputs("clipped")
                .add()
                .node("ArgMax")
                .inputs("rows")
                .outputs("best")
                .attr("axis", 1L)
                .attr("keepdims", 0L)
                .add()
                .node("Cast")
                .inputs("rows")
                .outputs("bytes")
                .attr("to", (long) DType.INT8.onnxCode())
                .add()
                .node("ReduceSum")
                .inputs("clipped")
                .outputs("sums")
                .attr("keepdims", 0L)
                .add()
                .node("Less")
                .inputs("ids", "limit")
                .outputs("negative")
                .add()
                .node("Cast")
                .inputs("ids")
                .outputs("as_float")
                .attr("to", (long) DType.FLOAT.onnxCode())
                .add()
                .output("clipped", DType.INT32, 256, 24)
                .output("best", DType.INT64, 256)
                .output("bytes", DType.INT8, 256, 24)
                .output("sums", DType.INT32)
                .output("negative", DType.BOOL, 256)
                .output("as_float", DType.FLOAT, 256)
                .build();
        return Case.of("integers", bytes, Map.of("ids", Tensor.ofLongs(new int[] {256}, ids)));
    }

    /**
     * A convolution network: Conv with bias, BatchNormalization, Relu, MaxPool with Indices; a grouped
     * Conv, AveragePool with ceil mode; a depthwise dilated Conv; a 1x1 Conv (the copy-free im2col path)
     * with more than 64 output maps; GlobalAveragePool, Flatten, Gemm, Softmax. The special values all
     * fall in the first image, so the second one's outputs stay numbers.
     */
    static Case cnn() {
        byte[] bytes = new OnnxModelBuilder()
                .opset(19)
                .input("x", DType.FLOAT, 2, 3, 32, 32)
                .initializer("w1", randomFloats(50, 0.3f, 16, 3, 3, 3))
                .initializer("b1", randomFloats(51, 0.1f, 16))
                .initializer("bn_scale", positive(52, 16))
                .initializer("bn_bias", randomFloats(53, 0.3f, 16))
                .initializer("bn_mean", randomFloats(54, 0.3f, 16))
                .initializer("bn_var", positive(55, 16))
                .initializer("w2", randomFloats(56, 0.15f, 32, 8, 3, 3))
                .initializer("w3", randomFloats(57, 0.3f, 32, 1, 3, 3))
                .initializer("b3", randomFloats(58, 0.1f, 32))
                .initializer("w4", randomFloats(59, 0.2f, 80, 32, 1, 1))
                .initializer("w_fc", randomFloats(60, 0.2f, 10, 80))
                .initializer("b_fc", randomFloats(61, 0.1f, 10))
                .node("Conv")
                .inputs("x", "w1", "b1")
                .outputs("c1")
                .attr("kernel_shape", new long[] {3, 3})
                .attr("pads", new long[] {1, 1, 1, 1})
                .add()
                .node("BatchNormalization")
                .inputs("c1", "bn_scale", "bn_bias", "bn_mean", "bn_var")
                .outputs("n1")
                .add()
                .node("Relu")
                .inputs("n1")
                .outputs("r1")
                .add()
                .node("MaxPool")
                .inputs("r1")
                .outputs("p1", "p1_indices")
                .attr("kernel_shape", new long[] {2, 2})
                .attr("strides", new long[] {2, 2})
                .add()
                .node("Conv")
                .inputs("p1", "w2")
                .outputs("c2")
                .attr("group", 2L)
                .attr("auto_pad", "SAME_UPPER")
                .attr("strides", new long[] {1, 1})
                .add()
                .node("Relu")
                .inputs("c2")
                .outputs("r2")
                .add()
                .node("AveragePool")
                .inputs("r2")
                .outputs("p2")
                .attr("kernel_shape", new long[] {3, 3})
                .attr("strides", new long[] {2, 2})
                .attr("pads", new long[] {1, 1, 1, 1})
                .attr("ceil_mode", 1L)
                .add()
                .node("Conv")
                .inputs("p2", "w3", "b3")
                .outputs("c3")
                .attr("group", 32L)
                .attr("dilations", new long[] {2, 2})
                .attr("pads", new long[] {2, 2, 2, 2})
                .add()
                .node("Conv")
                .inputs("c3", "w4")
                .outputs("c4")
                .add()
                .node("Relu")
                .inputs("c4")
                .outputs("r4")
                .add()
                .node("GlobalAveragePool")
                .inputs("r4")
                .outputs("pooled")
                .add()
                .node("Flatten")
                .inputs("pooled")
                .outputs("flat")
                .add()
                .node("Gemm")
                .inputs("flat", "w_fc", "b_fc")
                .outputs("logits")
                .attr("transB", 1L)
                .add()
                .node("Softmax")
                .inputs("logits")
                .outputs("probs")
                .add()
                .output("p1", DType.FLOAT, 2, 16, 16, 16)
                .output("p1_indices", DType.INT64, 2, 16, 16, 16)
                .output("p2", DType.FLOAT, 2, 32, 9, 9)
                .output("c4", DType.FLOAT, 2, 80, 9, 9)
                .output("probs", DType.FLOAT, 2, 10)
                .build();
        return Case.of("cnn", bytes, Map.of("x", input(62, 2f, 2, 3, 32, 32)));
    }

    /**
     * A pre-norm transformer block with the operators exporters emit at opset 20: LayerNormalization,
     * Q/K/V MatMuls, Reshape and Transpose into four heads, causal attention masked with Where, Softmax,
     * the heads merged, a residual Add, LayerNormalization and a Gelu MLP with a second residual.
     */
    static Case transformerBlock() {
        int batch = 2;
        int seq = 24;
        int dim = 64;
        int heads = 4;
        int head = dim / heads;
        int hidden = 4 * dim;
        boolean[] causal = new boolean[seq * seq];
        for (int i = 0; i < seq; i++) {
            for (int j = 0; j <= i; j++) {
                causal[i * seq + j] = true;
            }
        }
        OnnxModelBuilder b = new OnnxModelBuilder()
                .opset(20)
                .input("x", DType.FLOAT, batch, seq, dim)
                .initializer("ln1_scale", positive(70, dim))
                .initializer("ln1_bias", randomFloats(71, 0.2f, dim))
                .initializer("ln2_scale", positive(72, dim))
                .initializer("ln2_bias", randomFloats(73, 0.2f, dim))
                .initializer("to_heads", Tensor.ofLongs(new int[] {4}, batch, seq, heads, head))
                .initializer("merged", Tensor.ofLongs(new int[] {3}, batch, seq, dim))
                .initializer("scale", Tensor.scalar((float) (1 / Math.sqrt(head))))
                .initializer("causal", Tensor.ofBooleans(new int[] {seq, seq}, causal))
                .initializer("blocked", Tensor.scalar(Float.NEGATIVE_INFINITY))
                .node("LayerNormalization")
                .inputs("x", "ln1_scale", "ln1_bias")
                .outputs("ln1")
                .attr("axis", -1L)
                .attr("epsilon", 1e-5f)
                .add();
        String[] projections = {"q", "k", "v", "o"};
        for (int i = 0; i < projections.length; i++) {
            b.initializer("w_" + projections[i], randomFloats(74 + i, 0.2f, dim, dim))
                    .initializer("b_" + projections[i], randomFloats(78 + i, 0.05f, dim));
        }
        for (String p : new String[] {"q", "k", "v"}) {
            b.node("MatMul").inputs("ln1", "w_" + p).outputs(p + "_mm").add();
            b.node("Add").inputs(p + "_mm", "b_" + p).outputs(p).add();
            b.node("Reshape").inputs(p, "to_heads").outputs(p + "_4d").add();
        }
        b.node("Transpose")
                .inputs("q_4d")
                .outputs("qh")
                .attr("perm", new long[] {0, 2, 1, 3})
                .add()
                .node("Transpose")
                .inputs("k_4d")
                .outputs("kt")
                .attr("perm", new long[] {0, 2, 3, 1})
                .add()
                .node("Transpose")
                .inputs("v_4d")
                .outputs("vh")
                .attr("perm", new long[] {0, 2, 1, 3})
                .add()
                .node("MatMul")
                .inputs("qh", "kt")
                .outputs("scores")
                .add()
                .node("Mul")
                .inputs("scores", "scale")
                .outputs("scaled")
                .add()
                .node("Where")
                .inputs("causal", "scaled", "blocked")
                .outputs("masked")
                .add()
                .node("Softmax")
                .inputs("masked")
                .outputs("attention")
                .attr("axis", -1L)
                .add()
                .node("MatMul")
                .inputs("attention", "vh")
                .outputs("context")
                .add()
                .node("Transpose")
                .inputs("context")
                .outputs("context_t")
                .attr("perm", new long[] {0, 2, 1, 3})
                .add()
                .node("Reshape")
                .inputs("context_t", "merged")
                .outputs("context_m")
                .add()
                .node("MatMul")
                .inputs("context_m", "w_o")
                .outputs("o_mm")
                .add()
                .node("Add")
                .inputs("o_mm", "b_o")
                .outputs("o")
                .add()
                .node("Add")
                .inputs("x", "o")
                .outputs("h")
                .add()
                .node("LayerNormalization")
                .inputs("h", "ln2_scale", "ln2_bias")
                .outputs("ln2")
                .attr("axis", -1L)
                .attr("epsilon", 1e-5f)
                .add()
                .initializer("w_up", randomFloats(82, 0.15f, dim, hidden))
                .initializer("b_up", randomFloats(83, 0.05f, hidden))
                .initializer("w_down", randomFloats(84, 0.08f, hidden, dim))
                .initializer("b_down", randomFloats(85, 0.05f, dim))
                .node("MatMul")
                .inputs("ln2", "w_up")
                .outputs("up_mm")
                .add()
                .node("Add")
                .inputs("up_mm", "b_up")
                .outputs("up")
                .add()
                .node("Gelu")
                .inputs("up")
                .outputs("activated")
                .add()
                .node("MatMul")
                .inputs("activated", "w_down")
                .outputs("down_mm")
                .add()
                .node("Add")
                .inputs("down_mm", "b_down")
                .outputs("down")
                .add()
                .node("Add")
                .inputs("h", "down")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, batch, seq, dim)
                .output("attention", DType.FLOAT, batch, heads, seq, seq);
        // Specials in the first sequence only (a NaN spreads through its attention), plain numbers in the second.
        float[] x = input(86, 2f, batch, seq, dim).toFloatArray();
        float[] clean = randomFloats(87, 2f, seq * dim).toFloatArray();
        System.arraycopy(clean, 0, x, seq * dim, clean.length);
        return Case.of("transformer-block", b.build(), Map.of("x", Tensor.ofFloats(new int[] {batch, seq, dim}, x)));
    }

    /**
     * The int8 kernels: static QDQ around QLinearMatMul (per-column weight scales, 40 x 300 x 600, past the
     * 512-column panel) and QLinearConv (int8, per-channel scales, bias, grouped) with an int8 MaxPool;
     * dynamic quantization into MatMulInteger with few rows (the column-block split); ConvInteger.
     * Quantizing the special input values sends NaN to the zero point and saturates the infinities.
     */
    static Case quantized() {
        float[] columnScales = positive(90, 600).toFloatArray();
        for (int i = 0; i < columnScales.length; i++) {
            columnScales[i] *= 0.004f;
        }
        float[] channelScales = positive(91, 16).toFloatArray();
        for (int i = 0; i < channelScales.length; i++) {
            channelScales[i] *= 0.01f;
        }
        byte[] bytes = new OnnxModelBuilder()
                .opset(13)
                .input("x", DType.FLOAT, 40, 300)
                .input("image", DType.FLOAT, 2, 4, 20, 20)
                .input("few", DType.FLOAT, 3, 200)
                .initializer("x_scale", Tensor.scalar(0.019f))
                .initializer("x_zero", Tensor.ofBytes(DType.UINT8, new int[0], (byte) 131))
                .initializer("w", randomBytes(92, DType.INT8, 300, 600))
                .initializer("w_scale", Tensor.ofFloats(new int[] {600}, columnScales))
                .initializer("w_zero", Tensor.ofBytes(DType.INT8, new int[0], (byte) 0))
                .initializer("y_scale", Tensor.scalar(0.11f))
                .initializer("y_zero", Tensor.ofBytes(DType.UINT8, new int[0], (byte) 120))
                .initializer("i_scale", Tensor.scalar(0.017f))
                .initializer("i_zero", Tensor.ofBytes(DType.INT8, new int[0], (byte) -3))
                .initializer("k", randomBytes(93, DType.INT8, 16, 2, 3, 3))
                .initializer("k_scale", Tensor.ofFloats(new int[] {16}, channelScales))
                .initializer("k_zero", Tensor.ofBytes(DType.INT8, new int[0], (byte) 0))
                .initializer("o_scale", Tensor.scalar(0.07f))
                .initializer("o_zero", Tensor.ofBytes(DType.INT8, new int[0], (byte) 5))
                .initializer("k_bias", randomInts(94, 2000, 16))
                .initializer("d", randomBytes(95, DType.UINT8, 200, 700))
                .initializer("d_zero", Tensor.ofBytes(DType.UINT8, new int[0], (byte) 128))
                .initializer("d_scale", Tensor.scalar(0.003f))
                .initializer("ci_w", randomBytes(96, DType.UINT8, 6, 4, 3, 3))
                .initializer("ci_zero", Tensor.ofBytes(DType.UINT8, new int[0], (byte) 7))
                .node("QuantizeLinear")
                .inputs("x", "x_scale", "x_zero")
                .outputs("xq")
                .add()
                .node("QLinearMatMul")
                .inputs("xq", "x_scale", "x_zero", "w", "w_scale", "w_zero", "y_scale", "y_zero")
                .outputs("yq")
                .add()
                .node("DequantizeLinear")
                .inputs("yq", "y_scale", "y_zero")
                .outputs("y")
                .add()
                .node("QuantizeLinear")
                .inputs("image", "i_scale", "i_zero")
                .outputs("iq")
                .add()
                .node("QLinearConv")
                .inputs("iq", "i_scale", "i_zero", "k", "k_scale", "k_zero", "o_scale", "o_zero", "k_bias")
                .outputs("oq")
                .attr("group", 2L)
                .attr("pads", new long[] {1, 1, 1, 1})
                .attr("strides", new long[] {1, 1})
                .add()
                .node("MaxPool")
                .inputs("oq")
                .outputs("pooled")
                .attr("kernel_shape", new long[] {2, 2})
                .attr("strides", new long[] {2, 2})
                .add()
                .node("DequantizeLinear")
                .inputs("pooled", "o_scale", "o_zero")
                .outputs("features")
                .add()
                .node("DynamicQuantizeLinear")
                .inputs("few")
                .outputs("fq", "f_scale", "f_zero")
                .add()
                .node("MatMulInteger")
                .inputs("fq", "d", "f_zero", "d_zero")
                .outputs("acc")
                .add()
                .node("Cast")
                .inputs("acc")
                .outputs("acc_float")
                .attr("to", (long) DType.FLOAT.onnxCode())
                .add()
                .node("Mul")
                .inputs("f_scale", "d_scale")
                .outputs("acc_scale")
                .add()
                .node("Mul")
                .inputs("acc_float", "acc_scale")
                .outputs("dense")
                .add()
                .node("QuantizeLinear")
                .inputs("image", "x_scale", "x_zero")
                .outputs("iu")
                .add()
                .node("ConvInteger")
                .inputs("iu", "ci_w", "x_zero", "ci_zero")
                .outputs("ci")
                .attr("strides", new long[] {2, 2})
                .add()
                .output("yq", DType.UINT8, 40, 600)
                .output("y", DType.FLOAT, 40, 600)
                .output("oq", DType.INT8, 2, 16, 20, 20)
                .output("features", DType.FLOAT, 2, 16, 10, 10)
                .output("fq", DType.UINT8, 3, 200)
                .output("f_scale", DType.FLOAT)
                .output("acc", DType.INT32, 3, 700)
                .output("dense", DType.FLOAT, 3, 700)
                .output("ci", DType.INT32, 2, 6, 9, 9)
                .build();
        return Case.of(
                "quantized",
                bytes,
                Map.of(
                        "x", input(97, 3f, 40, 300),
                        "image", input(98, 2.5f, 2, 4, 20, 20),
                        "few", randomFloats(99, 1.5f, 3, 200)));
    }

    /** Floats uniform in [0.5, 1.5): BatchNormalization variances, normalization scales, quantization scales. */
    static Tensor positive(long seed, int n) {
        float[] data = randomFloats(seed, 0.5f, n).toFloatArray();
        for (int i = 0; i < n; i++) {
            data[i] += 1f;
        }
        return Tensor.ofFloats(new int[] {n}, data);
    }

    static Tensor randomBytes(long seed, DType dtype, int... shape) {
        SplittableRandom random = new SplittableRandom(seed);
        int n = 1;
        for (int d : shape) {
            n *= d;
        }
        byte[] data = new byte[n];
        for (int i = 0; i < n; i++) {
            data[i] = (byte) random.nextInt(256);
        }
        return Tensor.ofBytes(dtype, shape, data);
    }

    static Tensor randomInts(long seed, int bound, int n) {
        SplittableRandom random = new SplittableRandom(seed);
        int[] data = new int[n];
        for (int i = 0; i < n; i++) {
            data[i] = random.nextInt(-bound, bound + 1);
        }
        return Tensor.ofInts(new int[] {n}, data);
    }

    /** SHA-256 over every output (name, dtype, shape, little-endian elements), then " fuel=N". */
    public static String digest(Map<String, Tensor> outputs, long fuel) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Map.Entry<String, Tensor> e : new LinkedHashMap<>(outputs).entrySet()) {
                sha.update(e.getKey().getBytes(StandardCharsets.UTF_8));
                Tensor t = e.getValue();
                ByteBuffer header = ByteBuffer.allocate(8 + 4 * t.rank());
                header.putInt(t.dtype().onnxCode()).putInt(t.rank());
                for (int d : t.shape()) {
                    header.putInt(d);
                }
                sha.update(header.array());
                sha.update(t.toLittleEndianBytes());
            }
            return HexFormat.of().formatHex(sha.digest()) + " fuel=" + fuel;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Prints {@code name digest} per case: the child-JVM entry point of the cross-JVM check. */
    public static void main(String[] args) {
        for (Case c : all()) {
            var result = c.model().run(c.inputs());
            System.out.println(
                    c.name() + " " + digest(result.outputs(), result.fuelUsed()).replace(" ", "_"));
        }
    }
}
