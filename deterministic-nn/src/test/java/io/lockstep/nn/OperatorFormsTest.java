package io.lockstep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The older opset forms of operators whose ONNX node tests exist only for the newest form: axes and
 * split sizes as attributes, Slice bounds as attributes, Softmax over a flattened 2-D view, Clip bounds
 * as attributes, Dropout before opset 12.
 */
class OperatorFormsTest {
    private static final Tensor X = OnnxModelBuilder.ramp(new int[] {2, 3, 2}, 0f, 1f);

    private static Tensor run(OnnxModelBuilder builder, Tensor x) {
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(builder.build()));
        return model.run(Map.of("x", x)).outputs().values().iterator().next();
    }

    private static OnnxModelBuilder model(long opset) {
        return new OnnxModelBuilder().opset(opset).input("x", DType.FLOAT, 2, 3, 2);
    }

    @Test
    void squeezeAndUnsqueezeAxesAsAttributeAndInput() {
        Tensor column = Tensor.ofFloats(new int[] {3, 1}, 1, 2, 3);
        OnnxModelBuilder attr = new OnnxModelBuilder()
                .opset(11)
                .input("x", DType.FLOAT, 3, 1)
                .node("Squeeze")
                .inputs("x")
                .outputs("y")
                .attr("axes", new long[] {1})
                .add()
                .output("y", DType.FLOAT, 3);
        OnnxModelBuilder input = new OnnxModelBuilder()
                .opset(13)
                .input("x", DType.FLOAT, 3, 1)
                .initializer("axes", Tensor.ofLongs(new int[] {1}, -1))
                .node("Squeeze")
                .inputs("x", "axes")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 3);
        assertArrayEquals(new int[] {3}, run(attr, column).shape());
        assertArrayEquals(new int[] {3}, run(input, column).shape());
        OnnxModelBuilder unsqueezeAttr = model(11)
                .node("Unsqueeze")
                .inputs("x")
                .outputs("y")
                .attr("axes", new long[] {0, 4})
                .add()
                .output("y", DType.FLOAT, 1, 2, 3, 2, 1);
        OnnxModelBuilder unsqueezeInput = model(13)
                .initializer("axes", Tensor.ofLongs(new int[] {2}, 0, -1))
                .node("Unsqueeze")
                .inputs("x", "axes")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 1, 2, 3, 2, 1);
        assertEquals(run(unsqueezeAttr, X), run(unsqueezeInput, X));
    }

    @Test
    void reduceAxesAsAttributeAndInput() {
        float[] sumOverAxis1 = {0 + 2 + 4, 1 + 3 + 5, 6 + 8 + 10, 7 + 9 + 11};
        OnnxModelBuilder sumAttr = model(11)
                .node("ReduceSum")
                .inputs("x")
                .outputs("y")
                .attr("axes", new long[] {1})
                .attr("keepdims", 0L)
                .add()
                .output("y", DType.FLOAT, 2, 2);
        OnnxModelBuilder sumInput = model(13)
                .initializer("axes", Tensor.ofLongs(new int[] {1}, 1))
                .node("ReduceSum")
                .inputs("x", "axes")
                .outputs("y")
                .attr("keepdims", 0L)
                .add()
                .output("y", DType.FLOAT, 2, 2);
        assertArrayEquals(sumOverAxis1, run(sumAttr, X).toFloatArray());
        assertArrayEquals(sumOverAxis1, run(sumInput, X).toFloatArray());
        for (String op : new String[] {"ReduceMean", "ReduceMax"}) {
            OnnxModelBuilder attr = model(17)
                    .node(op)
                    .inputs("x")
                    .outputs("y")
                    .attr("axes", new long[] {0, 2})
                    .add()
                    .output("y", DType.FLOAT, 1, 3, 1);
            OnnxModelBuilder input = model(18)
                    .initializer("axes", Tensor.ofLongs(new int[] {2}, 0, -1))
                    .node(op)
                    .inputs("x", "axes")
                    .outputs("y")
                    .add()
                    .output("y", DType.FLOAT, 1, 3, 1);
            float[] expected = op.equals("ReduceMean")
                    ? new float[] {(0 + 1 + 6 + 7) / 4f, (2 + 3 + 8 + 9) / 4f, (4 + 5 + 10 + 11) / 4f}
                    : new float[] {7, 9, 11};
            assertArrayEquals(expected, run(attr, X).toFloatArray(), op);
            assertArrayEquals(expected, run(input, X).toFloatArray(), op);
        }
        OnnxModelBuilder all = model(18)
                .node("ReduceMean")
                .inputs("x")
                .outputs("y")
                .attr("keepdims", 0L)
                .add()
                .output("y", DType.FLOAT);
        assertArrayEquals(new float[] {5.5f}, run(all, X).toFloatArray());
        OnnxModelBuilder noop = model(18)
                .node("ReduceMean")
                .inputs("x")
                .outputs("y")
                .attr("noop_with_empty_axes", 1L)
                .add()
                .output("y", DType.FLOAT, 2, 3, 2);
        assertEquals(X, run(noop, X));
    }

    @Test
    void splitSizesAsAttributeInputAndCount() {
        Tensor x = OnnxModelBuilder.ramp(new int[] {5}, 0f, 1f);
        OnnxModelBuilder attr = new OnnxModelBuilder()
                .opset(11)
                .input("x", DType.FLOAT, 5)
                .node("Split")
                .inputs("x")
                .outputs("a", "b")
                .attr("split", new long[] {2, 3})
                .add()
                .output("a", DType.FLOAT, 2)
                .output("b", DType.FLOAT, 3);
        OnnxModelBuilder input = new OnnxModelBuilder()
                .opset(13)
                .input("x", DType.FLOAT, 5)
                .initializer("split", Tensor.ofLongs(new int[] {2}, 2, 3))
                .node("Split")
                .inputs("x", "split")
                .outputs("a", "b")
                .add()
                .output("a", DType.FLOAT, 2)
                .output("b", DType.FLOAT, 3);
        OnnxModelBuilder count = new OnnxModelBuilder()
                .opset(18)
                .input("x", DType.FLOAT, 5)
                .node("Split")
                .inputs("x")
                .outputs("a", "b")
                .attr("num_outputs", 2L)
                .add()
                .output("a", DType.FLOAT, 3)
                .output("b", DType.FLOAT, 2);
        for (OnnxModelBuilder b : new OnnxModelBuilder[] {attr, input, count}) {
            RunResult r = PreparedModel.prepare(OnnxModel.parse(b.build())).run(Map.of("x", x));
            float[] joined = new float[5];
            float[] first = r.output("a").toFloatArray();
            System.arraycopy(first, 0, joined, 0, first.length);
            System.arraycopy(r.output("b").toFloatArray(), 0, joined, first.length, 5 - first.length);
            assertArrayEquals(x.toFloatArray(), joined);
        }
    }

    @Test
    void sliceBoundsAsAttributesAndInputs() {
        OnnxModelBuilder attr = model(9).node("Slice")
                .inputs("x")
                .outputs("y")
                .attr("starts", new long[] {1, -1})
                .attr("ends", new long[] {3, 1000})
                .attr("axes", new long[] {1, 2})
                .add()
                .output("y", DType.FLOAT, 2, 2, 1);
        OnnxModelBuilder input = model(13)
                .initializer("starts", Tensor.ofLongs(new int[] {2}, 1, -1))
                .initializer("ends", Tensor.ofLongs(new int[] {2}, 3, 1000))
                .initializer("axes", Tensor.ofLongs(new int[] {2}, 1, 2))
                .node("Slice")
                .inputs("x", "starts", "ends", "axes")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2, 2, 1);
        float[] expected = {3, 5, 9, 11};
        assertArrayEquals(expected, run(attr, X).toFloatArray());
        assertArrayEquals(expected, run(input, X).toFloatArray());
        OnnxModelBuilder reversed = model(13)
                .initializer("starts", Tensor.ofLongs(new int[] {1}, -1))
                .initializer("ends", Tensor.ofLongs(new int[] {1}, Long.MIN_VALUE))
                .initializer("axes", Tensor.ofLongs(new int[] {1}, 1))
                .initializer("steps", Tensor.ofLongs(new int[] {1}, -2))
                .node("Slice")
                .inputs("x", "starts", "ends", "axes", "steps")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2, 2, 2);
        assertArrayEquals(
                new float[] {4, 5, 0, 1, 10, 11, 6, 7}, run(reversed, X).toFloatArray());
    }

    @Test
    void softmaxBeforeOpset13FlattensFromTheAxis() {
        OnnxModelBuilder old = model(11)
                .node("Softmax")
                .inputs("x")
                .outputs("y")
                .attr("axis", 1L)
                .add()
                .output("y", DType.FLOAT, 2, 3, 2);
        float[] y = run(old, X).toFloatArray();
        double sum = 0;
        for (int i = 0; i < 6; i++) {
            sum += y[i];
        }
        assertEquals(1.0, sum, 1e-6); // one distribution over all six elements of each batch row
        assertEquals(y[5] / y[4], (float) Math.exp(1), 1e-5);
        OnnxModelBuilder current = model(13)
                .node("Softmax")
                .inputs("x")
                .outputs("y")
                .attr("axis", 1L)
                .add()
                .output("y", DType.FLOAT, 2, 3, 2);
        float[] z = run(current, X).toFloatArray();
        assertEquals(1.0, z[0] + z[2] + z[4], 1e-6); // one distribution per column of each batch row
    }

    @Test
    void clipBoundsAsAttributesAndInputs() {
        OnnxModelBuilder attr = model(6).node("Clip")
                .inputs("x")
                .outputs("y")
                .attr("min", 2f)
                .attr("max", 8.5f)
                .add()
                .output("y", DType.FLOAT, 2, 3, 2);
        OnnxModelBuilder input = model(13)
                .initializer("lo", Tensor.scalar(2f))
                .initializer("hi", Tensor.scalar(8.5f))
                .node("Clip")
                .inputs("x", "lo", "hi")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2, 3, 2);
        float[] expected = {2, 2, 2, 3, 4, 5, 6, 7, 8, 8.5f, 8.5f, 8.5f};
        assertArrayEquals(expected, run(attr, X).toFloatArray());
        assertArrayEquals(expected, run(input, X).toFloatArray());
        OnnxModelBuilder onlyMax = model(13)
                .initializer("hi", Tensor.scalar(1f))
                .node("Clip")
                .inputs("x", "", "hi")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2, 3, 2);
        assertEquals(1f, run(onlyMax, X).floatAt(11));
        assertEquals(0f, run(onlyMax, X).floatAt(0));
    }

    @Test
    void dropoutBeforeOpset12WithMask() {
        OnnxModelBuilder old = model(10)
                .node("Dropout")
                .inputs("x")
                .outputs("y", "mask")
                .attr("ratio", 0.3f)
                .add()
                .output("y", DType.FLOAT, 2, 3, 2)
                .output("mask", DType.BOOL, 2, 3, 2);
        RunResult r = PreparedModel.prepare(OnnxModel.parse(old.build())).run(Map.of("x", X));
        assertEquals(X, r.output("y"));
        for (long bit : r.output("mask").toLongValues()) {
            assertEquals(1, bit);
        }
    }

    @Test
    void gemmTransposesAndBroadcastsC() {
        Tensor a = Tensor.ofFloats(new int[] {3, 2}, 1, 2, 3, 4, 5, 6); // A' = [[1,3,5],[2,4,6]]
        Tensor b = Tensor.ofFloats(new int[] {2, 3}, 1, 0, 1, 0, 1, 1); // B' = [[1,0],[0,1],[1,1]]
        for (boolean constantB : new boolean[] {true, false}) {
            OnnxModelBuilder builder = new OnnxModelBuilder().opset(13).input("x", DType.FLOAT, 3, 2);
            if (constantB) {
                builder.initializer("b", b);
            } else {
                builder.input("b", DType.FLOAT, 2, 3);
            }
            builder.initializer("c", Tensor.ofFloats(new int[] {2, 1}, 10, 20))
                    .node("Gemm")
                    .inputs("x", "b", "c")
                    .outputs("y")
                    .attr("transA", 1L)
                    .attr("transB", 1L)
                    .attr("alpha", 2f)
                    .attr("beta", 0.5f)
                    .add()
                    .output("y", DType.FLOAT, 2, 2);
            PreparedModel model = PreparedModel.prepare(OnnxModel.parse(builder.build()));
            Map<String, Tensor> inputs = constantB ? Map.of("x", a) : Map.of("x", a, "b", b);
            // A'B' = [[6, 8], [8, 10]]; 2 * that + 0.5 * [[10], [20]]
            assertArrayEquals(
                    new float[] {17, 21, 26, 30}, model.run(inputs).output("y").toFloatArray());
        }
    }
}
