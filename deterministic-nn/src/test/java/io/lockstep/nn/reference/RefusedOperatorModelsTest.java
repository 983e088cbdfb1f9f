package io.lockstep.nn.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.NnLimits;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Models of the operator families the generators draw (convolutions and pools, normalizations,
 * attention plumbing, the quantized operators) that are wrong in one way each: absurd window
 * attributes, mismatched scale and zero-point shapes and types, cycles, missing initializers, huge
 * dimensions. Each must be refused by {@link PreparedModel#prepare} with an {@link NnException} and the
 * expected reason, never another exception and never a large allocation (the limits are tight).
 */
class RefusedOperatorModelsTest {
    /** Small limits, so that a model that slipped past a check could not allocate much. */
    private static final NnLimits LIMITS = new NnLimits(1 << 20, 1_000, 1 << 22, 64 << 20, 8);

    private record Case(String name, NnErrorCode expected, byte[] model) {
        /** The operator the case is about: the first word of its name, or "" for a structural case. */
        String operator() {
            String first = name.split(" ")[0];
            return Character.isUpperCase(first.charAt(0)) ? first : "";
        }
    }

    @TestFactory
    Stream<DynamicTest> refusedWithTheirReason() {
        List<Case> cases = new ArrayList<>();
        convolutions(cases);
        pools(cases);
        normalizations(cases);
        attention(cases);
        qlinearConv(cases);
        qlinearMatMul(cases);
        integerProducts(cases);
        quantizers(cases);
        structure(cases);
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> expectRefusal(c)));
    }

    private static void expectRefusal(Case c) {
        NnException refusal = null;
        try {
            PreparedModel.prepare(OnnxModel.parse(c.model(), LIMITS), PrepareOptions.DEFAULT.withLimits(LIMITS));
        } catch (NnException e) {
            refusal = e;
        } catch (RuntimeException | Error e) {
            throw new AssertionError(c.name() + " failed with " + e + " instead of an NnException", e);
        }
        if (refusal == null) {
            fail(c.name() + " was accepted");
        }
        assertEquals(c.expected(), refusal.code(), c.name() + ": " + refusal.getMessage());
        assertTrue(!refusal.getMessage().isBlank(), c.name() + " has no message");
        // A refusal names the node's operator, so that the model's author can find it.
        assertTrue(refusal.getMessage().contains(c.operator()), c.name() + ": " + refusal.getMessage());
    }

    // ---- float convolution: X [1, 2, 8, 8], W [4, 2, 3, 3]

    private static void convolutions(List<Case> cases) {
        cases.add(conv("Conv strides 0", NnErrorCode.INVALID_MODEL, n -> n.attr("strides", new long[] {0, 1})));
        cases.add(conv("Conv negative strides", NnErrorCode.INVALID_MODEL, n -> n.attr("strides", new long[] {1, -2})));
        cases.add(
                conv("Conv strides 2^40", NnErrorCode.INVALID_MODEL, n -> n.attr("strides", new long[] {1L << 40, 1})));
        cases.add(conv("Conv dilations 0", NnErrorCode.INVALID_MODEL, n -> n.attr("dilations", new long[] {0, 1})));
        cases.add(conv(
                "Conv dilation 2^30 (kernel larger than the input)",
                NnErrorCode.SHAPE_MISMATCH,
                n -> n.attr("dilations", new long[] {1L << 30, 1})));
        cases.add(conv(
                "Conv dilation 2^40", NnErrorCode.INVALID_MODEL, n -> n.attr("dilations", new long[] {1L << 40, 1})));
        cases.add(conv(
                "Conv negative pads",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                n -> n.attr("pads", new long[] {-1, 0, 0, 0})));
        cases.add(conv(
                "Conv pads 2^31 - 21",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                n -> n.attr("pads", new long[] {0, 0, Integer.MAX_VALUE - 20, Integer.MAX_VALUE - 20})));
        cases.add(conv(
                "Conv pads 2^40",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                n -> n.attr("pads", new long[] {1L << 40, 0, 0, 0})));
        cases.add(conv("Conv three pads", NnErrorCode.INVALID_MODEL, n -> n.attr("pads", new long[] {1, 1, 1})));
        cases.add(conv(
                "Conv kernel_shape differs from W",
                NnErrorCode.SHAPE_MISMATCH,
                n -> n.attr("kernel_shape", new long[] {1L << 31, 3})));
        cases.add(conv("Conv auto_pad BOGUS", NnErrorCode.INVALID_MODEL, n -> n.attr("auto_pad", "BOGUS")));
        cases.add(conv("Conv group 0", NnErrorCode.SHAPE_MISMATCH, n -> n.attr("group", 0L)));
        cases.add(conv("Conv group 3 (divides neither)", NnErrorCode.SHAPE_MISMATCH, n -> n.attr("group", 3L)));
        cases.add(conv("Conv group 2^40", NnErrorCode.SHAPE_MISMATCH, n -> n.attr("group", 1L << 40)));
        cases.add(new Case(
                "Conv bias of 5 for 4 maps",
                NnErrorCode.SHAPE_MISMATCH,
                new OnnxModelBuilder()
                        .input("x", DType.FLOAT, 1, 2, 8, 8)
                        .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {4, 2, 3, 3}))
                        .initializer("b", Tensor.zeros(DType.FLOAT, new int[] {5}))
                        .node("Conv")
                        .inputs("x", "w", "b")
                        .outputs("y")
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
        cases.add(new Case(
                "Conv of a 2-D input",
                NnErrorCode.SHAPE_MISMATCH,
                new OnnxModelBuilder()
                        .input("x", DType.FLOAT, 2, 8)
                        .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {4, 2}))
                        .node("Conv")
                        .inputs("x", "w")
                        .outputs("y")
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
        cases.add(new Case(
                "the weights of a Conv declared 2^16 x 2^16 as a graph input",
                NnErrorCode.LIMIT_EXCEEDED,
                new OnnxModelBuilder()
                        .input("x", DType.FLOAT, 1, 1, 8, 8)
                        .input("w", DType.FLOAT, 1, 1, 1 << 16, 1 << 16)
                        .node("Conv")
                        .inputs("x", "w")
                        .outputs("y")
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
        cases.add(new Case(
                "ConvTranspose strides 2^30",
                NnErrorCode.INVALID_MODEL,
                new OnnxModelBuilder()
                        .input("x", DType.FLOAT, 1, 2, 8, 8)
                        .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {2, 4, 3, 3}))
                        .node("ConvTranspose")
                        .inputs("x", "w")
                        .outputs("y")
                        .attr("strides", new long[] {1L << 30, 1L << 30})
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
        cases.add(convTranspose(
                "ConvTranspose pads 2^32 (int truncation)",
                NnErrorCode.SHAPE_MISMATCH,
                n -> n.attr("pads", new long[] {1L << 32, 0, 0, 0})));
        cases.add(convTranspose(
                "ConvTranspose pads 2^32 + 1 (int truncation)",
                NnErrorCode.SHAPE_MISMATCH,
                n -> n.attr("pads", new long[] {(1L << 32) + 1, 0, 0, 0})));
        cases.add(convTranspose(
                "ConvTranspose negative pads",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                n -> n.attr("pads", new long[] {0, -3, 0, 0})));
        cases.add(convTranspose(
                "ConvTranspose output_padding 2^31",
                NnErrorCode.INVALID_MODEL,
                n -> n.attr("output_padding", new long[] {1L << 31, 0})));
        cases.add(convTranspose(
                "ConvTranspose output_padding -5",
                NnErrorCode.INVALID_MODEL,
                n -> n.attr("output_padding", new long[] {-5, 0})));
        cases.add(convTranspose(
                "ConvTranspose dilations 2^30",
                NnErrorCode.INVALID_MODEL,
                n -> n.attr("dilations", new long[] {1L << 30, 1})));
        cases.add(convTranspose(
                "ConvTranspose output_shape -4",
                NnErrorCode.SHAPE_MISMATCH,
                n -> n.attr("output_shape", new long[] {-4, 8})));
        cases.add(convTranspose("ConvTranspose group 3", NnErrorCode.SHAPE_MISMATCH, n -> n.attr("group", 3L)));
        cases.add(new Case(
                "ConvTranspose output_shape 2^20 x 2^20",
                NnErrorCode.LIMIT_EXCEEDED,
                new OnnxModelBuilder()
                        .input("x", DType.FLOAT, 1, 2, 8, 8)
                        .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {2, 4, 3, 3}))
                        .node("ConvTranspose")
                        .inputs("x", "w")
                        .outputs("y")
                        .attr("output_shape", new long[] {1L << 20, 1L << 20})
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
    }

    private static Case convTranspose(
            String name, NnErrorCode expected, Consumer<OnnxModelBuilder.NodeBuilder> attributes) {
        OnnxModelBuilder b = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 1, 2, 8, 8)
                .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {2, 4, 3, 3}));
        OnnxModelBuilder.NodeBuilder node =
                b.node("ConvTranspose").inputs("x", "w").outputs("y");
        attributes.accept(node);
        return new Case(name, expected, node.add().output("y", DType.FLOAT).build());
    }

    private static Case conv(String name, NnErrorCode expected, Consumer<OnnxModelBuilder.NodeBuilder> attributes) {
        OnnxModelBuilder b = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 1, 2, 8, 8)
                .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {4, 2, 3, 3}));
        OnnxModelBuilder.NodeBuilder node = b.node("Conv").inputs("x", "w").outputs("y");
        attributes.accept(node);
        return new Case(name, expected, node.add().output("y", DType.FLOAT).build());
    }

    // ---- pools: X [1, 2, 8, 8]

    private static void pools(List<Case> cases) {
        cases.add(pool("MaxPool without kernel_shape", "MaxPool", NnErrorCode.INVALID_MODEL, n -> {}));
        cases.add(pool(
                "MaxPool kernel 0",
                "MaxPool",
                NnErrorCode.INVALID_MODEL,
                n -> n.attr("kernel_shape", new long[] {0, 2})));
        cases.add(pool("AveragePool strides 0", "AveragePool", NnErrorCode.INVALID_MODEL, n -> n.attr(
                        "kernel_shape", new long[] {2, 2})
                .attr("strides", new long[] {0, 1})));
        cases.add(pool(
                "AveragePool kernel 2^30 with pads 2^29 to fit it",
                "AveragePool",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                n -> n.attr("kernel_shape", new long[] {1L << 30, 1})
                        .attr("pads", new long[] {1L << 29, 0, 1L << 29, 0})));
        cases.add(pool(
                "MaxPool kernel of rank 3 on a 2-D image",
                "MaxPool",
                NnErrorCode.SHAPE_MISMATCH,
                n -> n.attr("kernel_shape", new long[] {2, 2, 2})));
        cases.add(pool("AveragePool dilations 2^31", "AveragePool", NnErrorCode.INVALID_MODEL, n -> n.attr(
                        "kernel_shape", new long[] {2, 2})
                .attr("dilations", new long[] {1L << 31, 1})));
        cases.add(pool(
                "AveragePool dilations 2^29 (kernel larger than the input)",
                "AveragePool",
                NnErrorCode.SHAPE_MISMATCH,
                n -> n.attr("kernel_shape", new long[] {2, 2}).attr("dilations", new long[] {1L << 29, 1})));
        cases.add(
                pool("MaxPool ceil_mode with pads 2^31 - 21", "MaxPool", NnErrorCode.UNSUPPORTED_ATTRIBUTE, n -> n.attr(
                                "kernel_shape", new long[] {1, 1})
                        .attr("ceil_mode", 1L)
                        .attr("pads", new long[] {0, 0, Integer.MAX_VALUE - 20, Integer.MAX_VALUE - 20})));
    }

    private static Case pool(
            String name, String op, NnErrorCode expected, Consumer<OnnxModelBuilder.NodeBuilder> attributes) {
        OnnxModelBuilder b = new OnnxModelBuilder().opset(19).input("x", DType.FLOAT, 1, 2, 8, 8);
        OnnxModelBuilder.NodeBuilder node = b.node(op).inputs("x").outputs("y");
        attributes.accept(node);
        return new Case(name, expected, node.add().output("y", DType.FLOAT).build());
    }

    // ---- normalizations

    private static void normalizations(List<Case> cases) {
        cases.add(new Case(
                "BatchNormalization mean of 3 for 2 channels",
                NnErrorCode.SHAPE_MISMATCH,
                new OnnxModelBuilder()
                        .opset(15)
                        .input("x", DType.FLOAT, 1, 2, 4, 4)
                        .initializer("s", Tensor.zeros(DType.FLOAT, new int[] {2}))
                        .initializer("b", Tensor.zeros(DType.FLOAT, new int[] {2}))
                        .initializer("m", Tensor.zeros(DType.FLOAT, new int[] {3}))
                        .initializer("v", Tensor.zeros(DType.FLOAT, new int[] {2}))
                        .node("BatchNormalization")
                        .inputs("x", "s", "b", "m", "v")
                        .outputs("y")
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
        cases.add(layerNorm("LayerNormalization axis 3 of rank 3", NnErrorCode.INVALID_MODEL, 3, 8));
        cases.add(layerNorm("LayerNormalization axis -4 of rank 3", NnErrorCode.INVALID_MODEL, -4, 8));
        cases.add(layerNorm("LayerNormalization scale of 7 for 8", NnErrorCode.SHAPE_MISMATCH, -1, 7));
    }

    private static Case layerNorm(String name, NnErrorCode expected, long axis, int scale) {
        return new Case(
                name,
                expected,
                new OnnxModelBuilder()
                        .opset(17)
                        .input("x", DType.FLOAT, 2, 3, 8)
                        .initializer("s", Tensor.zeros(DType.FLOAT, new int[] {scale}))
                        .node("LayerNormalization")
                        .inputs("x", "s")
                        .outputs("y")
                        .attr("axis", axis)
                        .add()
                        .output("y", DType.FLOAT)
                        .build());
    }

    // ---- the plumbing of attention: X [2, 6, 8]

    private static void attention(List<Case> cases) {
        cases.add(reshape("Reshape into heads of the wrong size", NnErrorCode.SHAPE_MISMATCH, 2, 6, 3, 3));
        cases.add(reshape("Reshape with two -1", NnErrorCode.INVALID_MODEL, 2, -1, -1, 4));
        cases.add(reshape("Reshape to -5", NnErrorCode.INVALID_MODEL, 2, 6, -5, 4));
        cases.add(reshape("Reshape to 2^40 x 2^40", NnErrorCode.INVALID_MODEL, 1L << 40, 1L << 40, 0, 0));
        cases.add(transpose("Transpose perm with a repeat", new long[] {0, 0, 1}));
        cases.add(transpose("Transpose perm out of range", new long[] {0, 1, 3}));
        cases.add(transpose("Transpose perm too short", new long[] {1, 0}));
        cases.add(new Case(
                "Softmax axis 3 of rank 3", NnErrorCode.INVALID_MODEL, single("Softmax", 13, n -> n.attr("axis", 3L))));
        cases.add(new Case(
                "Gelu approximate BOGUS",
                NnErrorCode.INVALID_MODEL,
                single("Gelu", 20, n -> n.attr("approximate", "BOGUS"))));
        cases.add(new Case(
                "Split num_outputs 0",
                NnErrorCode.INVALID_MODEL,
                new OnnxModelBuilder()
                        .opset(18)
                        .input("x", DType.FLOAT, 2, 6, 8)
                        .node("Split")
                        .inputs("x")
                        .outputs("a", "b")
                        .attr("axis", -1L)
                        .attr("num_outputs", 0L)
                        .add()
                        .output("a", DType.FLOAT)
                        .output("b", DType.FLOAT)
                        .build()));
        cases.add(new Case(
                "Split sizes that do not add up",
                NnErrorCode.SHAPE_MISMATCH,
                new OnnxModelBuilder()
                        .opset(13)
                        .input("x", DType.FLOAT, 2, 6, 8)
                        .initializer("split", Tensor.ofLongs(new int[] {2}, 3, 4))
                        .node("Split")
                        .inputs("x", "split")
                        .outputs("a", "b")
                        .attr("axis", -1L)
                        .add()
                        .output("a", DType.FLOAT)
                        .output("b", DType.FLOAT)
                        .build()));
    }

    private static Case reshape(String name, NnErrorCode expected, long... shape) {
        return new Case(
                name,
                expected,
                new OnnxModelBuilder()
                        .input("x", DType.FLOAT, 2, 6, 8)
                        .initializer("shape", Tensor.ofLongs(new int[] {shape.length}, shape))
                        .node("Reshape")
                        .inputs("x", "shape")
                        .outputs("y")
                        .add()
                        .output("y", DType.FLOAT)
                        .build());
    }

    private static Case transpose(String name, long[] perm) {
        return new Case(name, NnErrorCode.INVALID_MODEL, single("Transpose", 17, n -> n.attr("perm", perm)));
    }

    private static byte[] single(String op, long opset, Consumer<OnnxModelBuilder.NodeBuilder> attributes) {
        OnnxModelBuilder b = new OnnxModelBuilder().opset(opset).input("x", DType.FLOAT, 2, 6, 8);
        OnnxModelBuilder.NodeBuilder node = b.node(op).inputs("x").outputs("y");
        attributes.accept(node);
        return node.add().output("y", DType.FLOAT).build();
    }

    // ---- QLinearConv: x uint8 [1, 2, 6, 6], w int8 [4, 2, 3, 3]

    private static void qlinearConv(List<Case> cases) {
        cases.add(qlinearConv(
                "QLinearConv x_zero_point of 2",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                p -> p.xZero = Tensor.zeros(DType.UINT8, new int[] {2})));
        cases.add(qlinearConv(
                "QLinearConv w_zero_point of 5 for 4 maps",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                p -> p.wZero = int8s(5)));
        cases.add(qlinearConv(
                "QLinearConv w_scale of 3 for 4 maps", NnErrorCode.UNSUPPORTED_ATTRIBUTE, p -> p.wScale = floats(3)));
        cases.add(
                qlinearConv("QLinearConv y_scale of 2", NnErrorCode.UNSUPPORTED_ATTRIBUTE, p -> p.yScale = floats(2)));
        cases.add(qlinearConv(
                "QLinearConv bias of 5 for 4 maps",
                NnErrorCode.SHAPE_MISMATCH,
                p -> p.bias = Tensor.zeros(DType.INT32, new int[] {5})));
        cases.add(qlinearConv("QLinearConv float bias", NnErrorCode.UNSUPPORTED_DTYPE, p -> p.bias = floats(4)));
        cases.add(qlinearConv(
                "QLinearConv int8 x_zero_point for uint8 x", NnErrorCode.SHAPE_MISMATCH, p -> p.xZero = int8s(0)));
        cases.add(qlinearConv(
                "QLinearConv int32 x_scale",
                NnErrorCode.UNSUPPORTED_DTYPE,
                p -> p.xScale = Tensor.zeros(DType.INT32, new int[0])));
        cases.add(qlinearConv("QLinearConv strides 0", NnErrorCode.INVALID_MODEL, p -> p.strides = new long[] {0, 1}));
        cases.add(qlinearConv(
                "QLinearConv pads 2^31 - 1",
                NnErrorCode.LIMIT_EXCEEDED,
                p -> p.pads = new long[] {0, 0, Integer.MAX_VALUE - 20, Integer.MAX_VALUE - 20}));
        cases.add(qlinearConv("QLinearConv group 3", NnErrorCode.INVALID_MODEL, p -> p.group = 3));
        cases.add(
                qlinearConv("QLinearConv deeper than 33,025 (int32 could overflow)", NnErrorCode.LIMIT_EXCEEDED, p -> {
                    p.channels = 3700;
                    p.w = Tensor.zeros(DType.INT8, new int[] {1, 3700, 3, 3});
                    p.wScale = floats(1);
                    p.wZero = int8s(1);
                    p.bias = null;
                }));
        cases.add(
                qlinearConv("QLinearConv without y_zero_point", NnErrorCode.INVALID_MODEL, p -> p.withoutYZero = true));
    }

    /** The parameters of a QLinearConv case, valid until a case changes one. */
    private static final class QConv {
        int channels = 2;
        Tensor xScale = Tensor.scalar(0.02f);
        Tensor xZero = u8(0);
        Tensor w = Tensor.zeros(DType.INT8, new int[] {4, 2, 3, 3});
        Tensor wScale = floats(4);
        Tensor wZero = int8s(0);
        Tensor yScale = Tensor.scalar(0.05f);
        Tensor yZero = Tensor.ofBytes(DType.UINT8, new int[0], (byte) 128);
        Tensor bias = Tensor.zeros(DType.INT32, new int[] {4});
        long[] strides = {1, 1};
        long[] pads = {1, 1, 1, 1};
        long group = 1;
        boolean withoutYZero;
    }

    private static Case qlinearConv(String name, NnErrorCode expected, Consumer<QConv> change) {
        QConv p = new QConv();
        change.accept(p);
        OnnxModelBuilder b = new OnnxModelBuilder()
                .opset(13)
                .input("x", DType.UINT8, 1, p.channels, 6, 6)
                .initializer("xs", p.xScale)
                .initializer("xz", p.xZero)
                .initializer("w", p.w)
                .initializer("ws", p.wScale)
                .initializer("wz", p.wZero)
                .initializer("ys", p.yScale)
                .initializer("yz", p.yZero);
        List<String> in = new ArrayList<>(List.of("x", "xs", "xz", "w", "ws", "wz", "ys"));
        if (!p.withoutYZero) {
            in.add("yz");
            if (p.bias != null) {
                b.initializer("bias", p.bias);
                in.add("bias");
            }
        }
        OnnxModelBuilder.NodeBuilder node = b.node("QLinearConv")
                .inputs(in.toArray(String[]::new))
                .outputs("y")
                .attr("strides", p.strides)
                .attr("pads", p.pads);
        if (p.group != 1) {
            node.attr("group", p.group);
        }
        return new Case(name, expected, node.add().output("y", DType.UINT8).build());
    }

    // ---- QLinearMatMul: a uint8 [3, 5], b int8 [5, 4]

    private static void qlinearMatMul(List<Case> cases) {
        cases.add(qlinearMatMul("QLinearMatMul a_scale of 5 (K)", NnErrorCode.UNSUPPORTED_ATTRIBUTE, 5, 1, 3, 5, 4));
        cases.add(qlinearMatMul(
                "QLinearMatMul b_zero_point of 5 for 4 columns", NnErrorCode.UNSUPPORTED_ATTRIBUTE, 1, 5, 3, 5, 4));
        cases.add(qlinearMatMul("QLinearMatMul depths 5 and 6", NnErrorCode.SHAPE_MISMATCH, 1, 1, 3, 6, 4));
        cases.add(qlinearMatMul("QLinearMatMul deeper than 33,025", NnErrorCode.LIMIT_EXCEEDED, 1, 1, 3, 40_000, 1));
    }

    private static Case qlinearMatMul(String name, NnErrorCode expected, int aScale, int bZero, int m, int k, int n) {
        int kb = k == 6 ? 5 : k;
        return new Case(
                name,
                expected,
                new OnnxModelBuilder()
                        .opset(13)
                        .input("a", DType.UINT8, m, k)
                        .initializer("as", aScale == 1 ? Tensor.scalar(0.1f) : floats(aScale))
                        .initializer("az", u8(0))
                        .initializer("b", Tensor.zeros(DType.INT8, new int[] {kb, n}))
                        .initializer("bs", Tensor.scalar(0.1f))
                        .initializer("bz", bZero == 1 ? int8s(0) : Tensor.zeros(DType.INT8, new int[] {bZero}))
                        .initializer("ys", Tensor.scalar(0.1f))
                        .initializer("yz", u8(0))
                        .node("QLinearMatMul")
                        .inputs("a", "as", "az", "b", "bs", "bz", "ys", "yz")
                        .outputs("y")
                        .add()
                        .output("y", DType.UINT8)
                        .build());
    }

    // ---- MatMulInteger, ConvInteger

    private static void integerProducts(List<Case> cases) {
        cases.add(new Case(
                "MatMulInteger a_zero_point of K",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                new OnnxModelBuilder()
                        .opset(10)
                        .input("a", DType.UINT8, 3, 5)
                        .initializer("b", Tensor.zeros(DType.UINT8, new int[] {5, 4}))
                        .initializer("az", Tensor.zeros(DType.UINT8, new int[] {5}))
                        .node("MatMulInteger")
                        .inputs("a", "b", "az")
                        .outputs("y")
                        .add()
                        .output("y", DType.INT32)
                        .build()));
        cases.add(new Case(
                "ConvInteger x_zero_point of 2",
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                new OnnxModelBuilder()
                        .opset(10)
                        .input("x", DType.UINT8, 1, 2, 6, 6)
                        .initializer("w", Tensor.zeros(DType.UINT8, new int[] {4, 2, 3, 3}))
                        .initializer("xz", Tensor.zeros(DType.UINT8, new int[] {2}))
                        .node("ConvInteger")
                        .inputs("x", "w", "xz")
                        .outputs("y")
                        .add()
                        .output("y", DType.INT32)
                        .build()));
        cases.add(new Case(
                "ConvInteger float input",
                NnErrorCode.UNSUPPORTED_DTYPE,
                new OnnxModelBuilder()
                        .opset(10)
                        .input("x", DType.FLOAT, 1, 2, 6, 6)
                        .initializer("w", Tensor.zeros(DType.UINT8, new int[] {4, 2, 3, 3}))
                        .node("ConvInteger")
                        .inputs("x", "w")
                        .outputs("y")
                        .add()
                        .output("y", DType.INT32)
                        .build()));
    }

    // ---- QuantizeLinear, DequantizeLinear, DynamicQuantizeLinear: x [2, 3]

    private static void quantizers(List<Case> cases) {
        cases.add(quantize("QuantizeLinear axis 2 of rank 2", NnErrorCode.INVALID_MODEL, floats(3), 2L));
        cases.add(quantize("QuantizeLinear scale of 4 along an axis of 3", NnErrorCode.SHAPE_MISMATCH, floats(4), 1L));
        cases.add(new Case(
                "QuantizeLinear zero point of 3 for a scalar scale",
                NnErrorCode.SHAPE_MISMATCH,
                new OnnxModelBuilder()
                        .opset(13)
                        .input("x", DType.FLOAT, 2, 3)
                        .initializer("s", Tensor.scalar(0.1f))
                        .initializer("z", Tensor.zeros(DType.UINT8, new int[] {3}))
                        .node("QuantizeLinear")
                        .inputs("x", "s", "z")
                        .outputs("y")
                        .add()
                        .output("y", DType.UINT8)
                        .build()));
        cases.add(new Case(
                "QuantizeLinear block_size -1",
                NnErrorCode.INVALID_MODEL,
                new OnnxModelBuilder()
                        .opset(21)
                        .input("x", DType.FLOAT, 2, 4)
                        .initializer("s", Tensor.zeros(DType.FLOAT, new int[] {2, 2}))
                        .node("QuantizeLinear")
                        .inputs("x", "s")
                        .outputs("y")
                        .attr("axis", 1L)
                        .attr("block_size", -1L)
                        .add()
                        .output("y", DType.UINT8)
                        .build()));
        cases.add(new Case(
                "DequantizeLinear zero point of 2 for a scalar scale",
                NnErrorCode.SHAPE_MISMATCH,
                new OnnxModelBuilder()
                        .opset(13)
                        .input("x", DType.UINT8, 2, 3)
                        .initializer("s", Tensor.scalar(0.1f))
                        .initializer("z", Tensor.zeros(DType.UINT8, new int[] {2}))
                        .node("DequantizeLinear")
                        .inputs("x", "s", "z")
                        .outputs("y")
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
        cases.add(new Case(
                "DynamicQuantizeLinear of int8",
                NnErrorCode.UNSUPPORTED_DTYPE,
                new OnnxModelBuilder()
                        .opset(11)
                        .input("x", DType.INT8, 2, 3)
                        .node("DynamicQuantizeLinear")
                        .inputs("x")
                        .outputs("y", "s", "z")
                        .add()
                        .output("y", DType.UINT8)
                        .build()));
        cases.add(new Case(
                "DynamicQuantizeLinear with one output",
                NnErrorCode.INVALID_MODEL,
                new OnnxModelBuilder()
                        .opset(11)
                        .input("x", DType.FLOAT, 2, 3)
                        .node("DynamicQuantizeLinear")
                        .inputs("x")
                        .outputs("y")
                        .add()
                        .output("y", DType.UINT8)
                        .build()));
    }

    private static Case quantize(String name, NnErrorCode expected, Tensor scale, long axis) {
        return new Case(
                name,
                expected,
                new OnnxModelBuilder()
                        .opset(13)
                        .input("x", DType.FLOAT, 2, 3)
                        .initializer("s", scale)
                        .node("QuantizeLinear")
                        .inputs("x", "s")
                        .outputs("y")
                        .attr("axis", axis)
                        .add()
                        .output("y", DType.UINT8)
                        .build());
    }

    // ---- structure: cycles, missing initializers, huge declared inputs, through the new operators

    private static void structure(List<Case> cases) {
        cases.add(new Case(
                "a cycle through Conv and BatchNormalization",
                NnErrorCode.CYCLE,
                new OnnxModelBuilder()
                        .input("x", DType.FLOAT, 1, 2, 6, 6)
                        .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {2, 2, 1, 1}))
                        .initializer("p", Tensor.zeros(DType.FLOAT, new int[] {2}))
                        .node("Add")
                        .inputs("x", "n")
                        .outputs("a")
                        .add()
                        .node("Conv")
                        .inputs("a", "w")
                        .outputs("c")
                        .add()
                        .node("BatchNormalization")
                        .inputs("c", "p", "p", "p", "p")
                        .outputs("n")
                        .add()
                        .output("n", DType.FLOAT)
                        .build()));
        cases.add(new Case(
                "a cycle through QLinearMatMul",
                NnErrorCode.CYCLE,
                new OnnxModelBuilder()
                        .opset(13)
                        .input("x", DType.FLOAT, 4, 4)
                        .initializer("s", Tensor.scalar(0.1f))
                        .initializer("z", u8(0))
                        .node("QuantizeLinear")
                        .inputs("x", "s", "z")
                        .outputs("q")
                        .add()
                        .node("QLinearMatMul")
                        .inputs("q", "s", "z", "r", "s", "z", "s", "z")
                        .outputs("r")
                        .add()
                        .output("r", DType.UINT8)
                        .build()));
        cases.add(new Case(
                "QLinearConv whose w_scale is no initializer",
                NnErrorCode.MISSING_VALUE,
                new OnnxModelBuilder()
                        .opset(13)
                        .input("x", DType.UINT8, 1, 2, 6, 6)
                        .initializer("s", Tensor.scalar(0.1f))
                        .initializer("z", u8(0))
                        .initializer("w", Tensor.zeros(DType.UINT8, new int[] {4, 2, 3, 3}))
                        .node("QLinearConv")
                        .inputs("x", "s", "z", "w", "w_scale", "z", "s", "z")
                        .outputs("y")
                        .add()
                        .output("y", DType.UINT8)
                        .build()));
        cases.add(new Case(
                "LayerNormalization whose scale is no initializer",
                NnErrorCode.MISSING_VALUE,
                new OnnxModelBuilder()
                        .opset(17)
                        .input("x", DType.FLOAT, 2, 8)
                        .node("LayerNormalization")
                        .inputs("x", "gamma")
                        .outputs("y")
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
        cases.add(new Case(
                "the input of a QLinearConv declared 2^20 x 2^20",
                NnErrorCode.LIMIT_EXCEEDED,
                new OnnxModelBuilder()
                        .opset(13)
                        .input("x", DType.UINT8, 1, 1, 1 << 20, 1 << 20)
                        .initializer("s", Tensor.scalar(0.1f))
                        .initializer("z", u8(0))
                        .initializer("w", Tensor.zeros(DType.UINT8, new int[] {1, 1, 1, 1}))
                        .node("QLinearConv")
                        .inputs("x", "s", "z", "w", "s", "z", "s", "z")
                        .outputs("y")
                        .add()
                        .output("y", DType.UINT8)
                        .build()));
        cases.add(new Case(
                "the input of a transformer projection declared 2^31 tokens",
                NnErrorCode.LIMIT_EXCEEDED,
                new OnnxModelBuilder()
                        .input("x", DType.FLOAT, 1, Integer.MAX_VALUE, 8)
                        .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {8, 8}))
                        .node("MatMul")
                        .inputs("x", "w")
                        .outputs("y")
                        .add()
                        .output("y", DType.FLOAT)
                        .build()));
    }

    private static Tensor u8(int value) {
        return Tensor.ofBytes(DType.UINT8, new int[0], (byte) value);
    }

    /** An int8 scalar 0 for length 0, else zeros of that length. */
    private static Tensor int8s(int length) {
        return length == 0
                ? Tensor.ofBytes(DType.INT8, new int[0], (byte) 0)
                : Tensor.zeros(DType.INT8, new int[] {length});
    }

    private static Tensor floats(int length) {
        float[] v = new float[length];
        java.util.Arrays.fill(v, 0.05f);
        return Tensor.ofFloats(new int[] {length}, v);
    }
}
