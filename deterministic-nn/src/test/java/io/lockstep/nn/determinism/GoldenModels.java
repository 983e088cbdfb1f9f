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
    public record Case(String name, PreparedModel model, Map<String, Tensor> inputs) {}

    private GoldenModels() {}

    public static List<Case> all() {
        return List.of(mlp(), attentionBlock(), integers());
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
        return new Case("mlp", PreparedModel.prepare(OnnxModel.parse(bytes)), Map.of("x", input(10, 3f, 64, 256)));
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
        return new Case(
                "attention-block", PreparedModel.prepare(OnnxModel.parse(bytes)), Map.of("x", input(30, 2f, seq, dim)));
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
        return new Case(
                "integers",
                PreparedModel.prepare(OnnxModel.parse(bytes)),
                Map.of("ids", Tensor.ofLongs(new int[] {256}, ids)));
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
