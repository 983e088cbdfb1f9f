package io.lockstep.benchmarks;

import static io.lockstep.benchmarks.ModelGraph.attr;

import io.lockstep.benchmarks.NnFuelProbe.Model;
import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The inference calibration's probes: one or more per price of the cost table, each a chain of nodes
 * of one kind (so that its inputs and outputs, copied once per run, are the same in both sizes) whose
 * values stay in range however long the chain is, built from fixed seeds. Element-wise probes work on
 * 512 x 512 floats (1 MiB per tensor, beyond the core's own cache, as the tensors of a real model are);
 * products come at several shapes, since their time per multiply-accumulate depends on the shape, and
 * the table has to price the slowest.
 */
final class NnFuelProbes {

    private NnFuelProbes() {}

    /** Rows and columns of the element-wise probes' tensors. */
    private static final int SIDE = 512;

    static List<NnFuelProbe> all() {
        List<NnFuelProbe> probes = new ArrayList<>();
        probes.add(chain("Add, same shapes", "perElement", -1, 1, (g, y, i) -> {
            g.constant("c" + i, uniform(new Random(i), 0.01f, 0, SIDE, SIDE));
            return g.node("Add", "y" + i, List.of(y, "c" + i));
        }));
        probes.add(chain("Add, bias row broadcast", "perElement", -1, 1, (g, y, i) -> {
            g.constant("c" + i, uniform(new Random(i), 0.01f, 0, SIDE));
            return g.node("Add", "y" + i, List.of(y, "c" + i));
        }));
        probes.add(chain("Relu", "perElement", -1, 1, (g, y, i) -> g.node("Relu", "y" + i, List.of(y))));
        probes.add(chain(
                "Transpose 512×512",
                "perMovedElement",
                -1,
                1,
                (g, y, i) -> g.node("Transpose", "y" + i, List.of(y), attr("perm", 1L, 0L))));
        probes.add(chain("Identity", "perMovedElement", -1, 1, (g, y, i) -> g.node("Identity", "y" + i, List.of(y))));
        probes.add(chain("Div", "perDivision", 0.5f, 2, (g, y, i) -> {
            g.constant("c" + i, uniform(new Random(i), 0.1f, 1, SIDE, SIDE));
            return g.node("Div", "y" + i, List.of(y, "c" + i));
        }));
        probes.add(chain("Sqrt", "perDivision", 0.5f, 2, (g, y, i) -> g.node("Sqrt", "y" + i, List.of(y))));
        // exp(-exp(...)) stays within (0, 1] after a few steps; Neg is one cheap element per Exp.
        probes.add(chain(
                "Exp (then Neg)",
                "perTranscendental",
                -1,
                1,
                (g, y, i) -> g.node("Neg", "y" + i, List.of(g.node("Exp", "e" + i, List.of(y))))));
        probes.add(chain("Tanh", "perTranscendental", -3, 3, (g, y, i) -> g.node("Tanh", "y" + i, List.of(y))));
        probes.add(chain("Sigmoid", "perTranscendental", -3, 3, (g, y, i) -> g.node("Sigmoid", "y" + i, List.of(y))));
        probes.add(chain("Erf", "perTranscendental", -2, 2, (g, y, i) -> g.node("Erf", "y" + i, List.of(y))));
        probes.add(chain("Pow, float exponent", "perTranscendental", 0.5f, 2, (g, y, i) -> {
            g.constant("c" + i, uniform(new Random(i), 0.1f, 1, SIDE, SIDE));
            return g.node("Pow", "y" + i, List.of(y, "c" + i));
        }));
        probes.add(reduceSum(1));
        probes.add(reduceSum(0));
        // 1×2048×2048 streams 16 MiB of weights per layer from memory: the slowest products per MAC.
        for (int[] s : new int[][] {{1, 768}, {1, 2048}, {16, 256}, {64, 768}, {256, 256}, {512, 512}}) {
            probes.add(matMul(s[0], s[1], s[1] >= 512 ? 3 : 5));
        }
        probes.add(conv(8, 32, 1, 5));
        probes.add(conv(32, 28, 1, 5));
        probes.add(conv(64, 56, 1, 2));
        probes.add(conv(32, 56, 32, 5));
        for (int[] s : new int[][] {{1, 768}, {64, 768}, {256, 256}}) {
            probes.add(matMulInteger(s[0], s[1]));
        }
        probes.add(tinyNodes("Add", "tiny Add nodes ([1])"));
        probes.add(tinyNodes("MatMul", "tiny MatMul nodes (1×4×4)"));
        probes.add(tinyModel());
        probes.add(transfer());
        return probes;
    }

    /** How one link of a chain is added: reads {@code y}, returns the name of what it computes. */
    @FunctionalInterface
    private interface Link {
        String add(ModelGraph g, String y, int index);
    }

    /**
     * A chain of {@code links} links on one 512 x 512 float input with values in [low, high]: 2 links in
     * the small size, 10 in the large.
     */
    private static NnFuelProbe chain(String name, String price, float low, float high, Link link) {
        return new NnFuelProbe(
                name,
                price,
                links -> {
                    ModelGraph g = new ModelGraph();
                    g.input("x", DType.FLOAT, SIDE, SIDE);
                    String y = "x";
                    for (int i = 0; i < links; i++) {
                        y = link.add(g, y, i);
                    }
                    g.output(y);
                    float mid = (low + high) / 2;
                    return new Model(g, Map.of("x", uniform(new Random(7), (high - low) / 2, mid, SIDE, SIDE)));
                },
                2,
                10,
                false);
    }

    /**
     * ReduceSum of one 512 x 512 input over {@code axis}, computed again by every link and added to a
     * running sum of 512 elements (a small share of the work).
     */
    private static NnFuelProbe reduceSum(int axis) {
        return new NnFuelProbe(
                "ReduceSum over axis " + axis + " of 512×512",
                "perReducedElement",
                links -> {
                    ModelGraph g = new ModelGraph();
                    g.input("x", DType.FLOAT, SIDE, SIDE);
                    g.constant("axes", Tensor.ofLongs(new int[] {1}, axis));
                    String sum = null;
                    for (int i = 0; i < links; i++) {
                        String r = g.node("ReduceSum", "r" + i, List.of("x", "axes"), attr("keepdims", 1L));
                        sum = sum == null ? r : g.node("Add", "s" + i, List.of(sum, r));
                    }
                    g.output(sum);
                    return new Model(g, Map.of("x", uniform(new Random(7), 1, 0, SIDE, SIDE)));
                },
                2,
                10,
                false);
    }

    /** A stack of {@code [k, k]} weight matrices applied to {@code [m, k]}: a multi-layer perceptron. */
    private static NnFuelProbe matMul(int m, int k, int high) {
        return new NnFuelProbe(
                "MatMul " + m + "×" + k + "×" + k,
                "perMac",
                layers -> {
                    ModelGraph g = new ModelGraph();
                    g.input("x", DType.FLOAT, m, k);
                    String y = "x";
                    for (int i = 0; i < layers; i++) {
                        g.constant("w" + i, uniform(new Random(i), (float) Math.sqrt(3.0 / k), 0, k, k));
                        y = g.node("MatMul", "y" + i, List.of(y, "w" + i));
                    }
                    g.output(y);
                    return new Model(g, Map.of("x", uniform(new Random(7), 1, 0, m, k)));
                },
                1,
                high,
                false);
    }

    /** A stack of 3 x 3 convolutions, stride 1, same padding, {@code channels} in and out. */
    private static NnFuelProbe conv(int channels, int size, int group, int high) {
        String kind = group == 1 ? "Conv 3×3 " : "depthwise Conv 3×3 ";
        return new NnFuelProbe(
                kind + channels + "→" + channels + " on " + size + "×" + size,
                "perMac",
                layers -> {
                    ModelGraph g = new ModelGraph();
                    g.input("x", DType.FLOAT, 1, channels, size, size);
                    String y = "x";
                    int perGroup = channels / group;
                    for (int i = 0; i < layers; i++) {
                        g.constant(
                                "w" + i,
                                uniform(
                                        new Random(i),
                                        (float) Math.sqrt(3.0 / (perGroup * 9)),
                                        0,
                                        channels,
                                        perGroup,
                                        3,
                                        3));
                        y = g.node(
                                "Conv",
                                "y" + i,
                                List.of(y, "w" + i),
                                attr("kernel_shape", 3L, 3L),
                                attr("pads", 1L, 1L, 1L, 1L),
                                attr("group", (long) group));
                    }
                    g.output(y);
                    return new Model(g, Map.of("x", uniform(new Random(7), 1, 0, 1, channels, size, size)));
                },
                1,
                high,
                false);
    }

    /**
     * Layers of MatMulInteger as dynamic quantization writes them (uint8 activations with a zero point,
     * int8 weights), each int32 result cast back to uint8 (its low bits) for the next layer.
     */
    private static NnFuelProbe matMulInteger(int m, int k) {
        return new NnFuelProbe(
                "MatMulInteger " + m + "×" + k + "×" + k,
                "perIntegerMac",
                layers -> {
                    ModelGraph g = new ModelGraph();
                    g.input("a", DType.UINT8, m, k);
                    g.constant("a_zero", Tensor.ofBytes(DType.UINT8, new int[0], (byte) 131));
                    String y = "a";
                    for (int i = 0; i < layers; i++) {
                        g.constant("b" + i, bytes(new Random(i), DType.INT8, -127, 127, k, k));
                        String product = g.node(DType.INT32, "MatMulInteger", "p" + i, List.of(y, "b" + i, "a_zero"));
                        y = g.node(DType.UINT8, "Cast", "y" + i, List.of(product), attr("to", (long)
                                DType.UINT8.onnxCode()));
                    }
                    g.output(y);
                    return new Model(g, Map.of("a", bytes(new Random(7), DType.UINT8, 0, 255, m, k)));
                },
                1,
                4,
                false);
    }

    /** Many nodes that do almost nothing: what running a node costs whatever it computes. */
    private static NnFuelProbe tinyNodes(String op, String name) {
        boolean product = op.equals("MatMul");
        int width = product ? 4 : 1;
        return new NnFuelProbe(
                name,
                "nodeBase",
                nodes -> {
                    ModelGraph g = new ModelGraph();
                    g.input("x", DType.FLOAT, 1, width);
                    String y = "x";
                    for (int i = 0; i < nodes; i++) {
                        g.constant("c" + i, uniform(new Random(i), 0.5f, 0, product ? width : 1, width));
                        y = g.node(op, "y" + i, List.of(y, "c" + i));
                    }
                    g.output(y);
                    return new Model(g, Map.of("x", uniform(new Random(7), 1, 0, 1, width)));
                },
                16,
                400,
                false);
    }

    /** One tiny node, timed whole: a run's fixed cost. */
    private static NnFuelProbe tinyModel() {
        return new NnFuelProbe(
                "a run of one tiny node",
                "runBase",
                unused -> {
                    ModelGraph g = new ModelGraph();
                    g.input("x", DType.FLOAT, 1);
                    g.constant("c", Tensor.ofFloats(new int[] {1}, 1f));
                    g.output(g.node("Add", "y", List.of("x", "c")));
                    return new Model(g, Map.of("x", Tensor.ofFloats(new int[] {1}, 2f)));
                },
                0,
                1,
                true);
    }

    /** A model whose output is its input: only the copies in and out, of 1 KiB and of 4 MiB. */
    private static NnFuelProbe transfer() {
        return new NnFuelProbe(
                "input copied in and out, 1 KiB vs 4 MiB",
                "perKiBTransferred",
                kib -> {
                    int n = kib * 256;
                    ModelGraph g = new ModelGraph();
                    g.input("x", DType.FLOAT, n);
                    g.outputInput("x");
                    return new Model(g, Map.of("x", uniform(new Random(7), 1, 0, n)));
                },
                1,
                4096,
                false);
    }

    private static Tensor uniform(Random random, float bound, float mid, int... shape) {
        float[] data = new float[count(shape)];
        for (int i = 0; i < data.length; i++) {
            data[i] = mid + (random.nextFloat() * 2 - 1) * bound;
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
}
