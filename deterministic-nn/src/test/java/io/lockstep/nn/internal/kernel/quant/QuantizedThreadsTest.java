package io.lockstep.nn.internal.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnThreads;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.RunResult;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Every quantized operator gives the same bits on 1, 2 and 4 threads. The models are large enough that
 * the runner splits each node across threads (its fuel is far above the runner's parallel threshold,
 * 200,000), and random inputs come from a printed seed ({@code -Dlockstep.seed}).
 */
class QuantizedThreadsTest {
    private static final long SEED = Long.getLong("lockstep.seed", 20261124L);
    private static final long SPLIT_FUEL = 2_000_000;

    @Test
    void matMulInteger() {
        SplittableRandom random = random("matMulInteger");
        OnnxModelBuilder b = new OnnxModelBuilder().opset(10);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        feed.put("A", input(b, random, "A", DType.UINT8, 96, 256));
        b.initializer("B", bytes(random, DType.INT8, 256, 300));
        b.initializer("zb", bytes(random, DType.INT8, 300));
        feed.put("za", input(b, random, "za", DType.UINT8));
        b.node("MatMulInteger").inputs("A", "B", "za", "zb").outputs("Y").add();
        b.output("Y", DType.INT32, 96, 300);
        check(b, feed);
    }

    @Test
    void matMulIntegerOfFewRowsSplitByColumns() {
        SplittableRandom random = random("matMulIntegerOfFewRowsSplitByColumns");
        OnnxModelBuilder b = new OnnxModelBuilder().opset(10);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        feed.put("A", input(b, random, "A", DType.INT8, 4, 1024));
        b.initializer("B", bytes(random, DType.UINT8, 1024, 1000));
        b.node("MatMulInteger").inputs("A", "B").outputs("Y").add();
        b.output("Y", DType.INT32, 4, 1000);
        check(b, feed);
    }

    @Test
    void batchedMatMulIntegerWithRunTimeOperands() {
        SplittableRandom random = random("batchedMatMulIntegerWithRunTimeOperands");
        OnnxModelBuilder b = new OnnxModelBuilder().opset(10);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        feed.put("A", input(b, random, "A", DType.INT8, 3, 40, 160));
        feed.put("B", input(b, random, "B", DType.UINT8, 3, 160, 200));
        feed.put("za", input(b, random, "za", DType.INT8, 40));
        feed.put("zb", input(b, random, "zb", DType.UINT8, 200));
        b.node("MatMulInteger").inputs("A", "B", "za", "zb").outputs("Y").add();
        b.output("Y", DType.INT32, 3, 40, 200);
        check(b, feed);
    }

    @Test
    void qlinearMatMul() {
        SplittableRandom random = random("qlinearMatMul");
        OnnxModelBuilder b = new OnnxModelBuilder().opset(21);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        feed.put("a", input(b, random, "a", DType.UINT8, 64, 256));
        b.initializer("as", Tensor.ofFloats(new int[] {}, 0.02f));
        b.initializer("az", bytes(random, DType.UINT8));
        b.initializer("b", bytes(random, DType.INT8, 256, 256));
        b.initializer("bs", Tensor.ofFloats(new int[] {256}, scales(random, 256)));
        b.initializer("bz", bytes(random, DType.INT8, 256));
        b.initializer("ys", Tensor.ofFloats(new int[] {}, 0.4f));
        b.initializer("yz", bytes(random, DType.UINT8));
        b.node("QLinearMatMul")
                .inputs("a", "as", "az", "b", "bs", "bz", "ys", "yz")
                .outputs("y")
                .add();
        b.output("y", DType.UINT8, 64, 256);
        check(b, feed);
    }

    @Test
    void convInteger() {
        SplittableRandom random = random("convInteger");
        OnnxModelBuilder b = new OnnxModelBuilder().opset(10);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        feed.put("x", input(b, random, "x", DType.UINT8, 2, 16, 24, 24));
        b.initializer("w", bytes(random, DType.INT8, 32, 16, 3, 3));
        b.initializer("xz", bytes(random, DType.UINT8));
        b.initializer("wz", bytes(random, DType.INT8, 32));
        b.node("ConvInteger")
                .inputs("x", "w", "xz", "wz")
                .outputs("y")
                .attr("pads", new long[] {1, 1, 1, 1})
                .add();
        b.output("y", DType.INT32, 2, 32, 24, 24);
        check(b, feed);
    }

    @Test
    void groupedQLinearConvWithRunTimeWeights() {
        SplittableRandom random = random("groupedQLinearConvWithRunTimeWeights");
        OnnxModelBuilder b = new OnnxModelBuilder().opset(10);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        feed.put("x", input(b, random, "x", DType.INT8, 2, 24, 32, 32));
        feed.put("w", input(b, random, "w", DType.INT8, 18, 8, 3, 3));
        b.initializer("xs", Tensor.ofFloats(new int[] {}, 0.05f));
        b.initializer("xz", bytes(random, DType.INT8));
        b.initializer("ws", Tensor.ofFloats(new int[] {18}, scales(random, 18)));
        b.initializer("wz", bytes(random, DType.INT8, 18));
        b.initializer("ys", Tensor.ofFloats(new int[] {}, 2f));
        b.initializer("yz", bytes(random, DType.INT8));
        int[] bias = new int[18];
        for (int i = 0; i < bias.length; i++) {
            bias[i] = random.nextInt(20_000) - 10_000;
        }
        b.initializer("B", Tensor.ofInts(new int[] {18}, bias));
        b.node("QLinearConv")
                .inputs("x", "xs", "xz", "w", "ws", "wz", "ys", "yz", "B")
                .outputs("y")
                .attr("group", 3L)
                .attr("strides", new long[] {2, 1})
                .attr("auto_pad", "SAME_UPPER")
                .add();
        b.output("y", DType.INT8, 2, 18, 16, 32);
        check(b, feed);
    }

    @Test
    void quantizeAndDequantizePerAxis() {
        SplittableRandom random = random("quantizeAndDequantizePerAxis");
        OnnxModelBuilder b = new OnnxModelBuilder().opset(13);
        Map<String, Tensor> feed = new LinkedHashMap<>();
        float[] x = new float[64 * 4096];
        for (int i = 0; i < x.length; i++) {
            x[i] = (float) (random.nextGaussian() * 3);
        }
        b.input("x", DType.FLOAT, 64, 4096);
        feed.put("x", Tensor.ofFloats(new int[] {64, 4096}, x));
        b.initializer("s", Tensor.ofFloats(new int[] {64}, scales(random, 64)));
        b.initializer("z", bytes(random, DType.INT8, 64));
        b.node("QuantizeLinear")
                .inputs("x", "s", "z")
                .outputs("q")
                .attr("axis", 0L)
                .add();
        b.node("DequantizeLinear")
                .inputs("q", "s", "z")
                .outputs("y")
                .attr("axis", 0L)
                .add();
        b.output("q", DType.INT8, 64, 4096);
        b.output("y", DType.FLOAT, 64, 4096);
        check(b, feed);
    }

    private static void check(OnnxModelBuilder builder, Map<String, Tensor> feed) {
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(builder.build()));
        assertTrue(model.cost() > SPLIT_FUEL, "the model must be large enough to be split: " + model.cost());
        RunResult single = model.run(feed);
        for (int threads : new int[] {1, 2, 4}) {
            try (NnThreads pool = NnThreads.create(threads)) {
                for (int repeat = 0; repeat < 2; repeat++) {
                    RunResult result = model.run(feed, pool);
                    assertEquals(single.outputs(), result.outputs(), "seed=" + SEED + " threads=" + threads);
                    assertEquals(single.fuelUsed(), result.fuelUsed());
                }
            }
        }
    }

    private static SplittableRandom random(String test) {
        System.out.println("QuantizedThreadsTest." + test + " seed=" + SEED);
        return new SplittableRandom(SEED ^ test.hashCode());
    }

    private static Tensor input(
            OnnxModelBuilder builder, SplittableRandom random, String name, DType type, int... dims) {
        builder.input(name, type, Int8GemmPropertyTest.toLongs(dims));
        return bytes(random, type, dims);
    }

    private static Tensor bytes(SplittableRandom random, DType type, int... dims) {
        return Tensor.ofBytes(type, dims, Int8GemmPropertyTest.bytes(random, Int8GemmPropertyTest.size(dims)));
    }

    private static float[] scales(SplittableRandom random, int count) {
        float[] out = new float[count];
        for (int i = 0; i < count; i++) {
            out[i] = (float) (0.001 + 0.05 * random.nextDouble());
        }
        return out;
    }
}
