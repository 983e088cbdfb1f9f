package io.lockstep.nn.internal.kernel.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.NnThreads;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.ConvolutionReference;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Conv against {@link ConvolutionReference}, bit for bit, over seeded random shapes and attributes (1-D
 * to 3-D, groups, strides, dilations, explicit and automatic pads, with and without bias, weights as
 * initializer or as input) on one and two threads. A failure names its seed.
 */
class ConvOperatorTest {
    private static final long FIRST_SEED = 0x5eed_c0;
    private static final int CASES = 60;

    /** One convolution: shapes and attributes. */
    private record Case(
            long seed,
            int[] xDims,
            int[] wDims,
            int group,
            int[] strides,
            int[] dilations,
            int[] padBegin,
            int[] padEnd,
            String autoPad,
            boolean bias,
            boolean constantWeights) {

        int rank() {
            return xDims.length - 2;
        }

        int[] outSpatial() {
            int[] out = new int[rank()];
            for (int d = 0; d < rank(); d++) {
                int extent = (wDims[d + 2] - 1) * dilations[d] + 1;
                out[d] = (xDims[d + 2] + padBegin[d] + padEnd[d] - extent) / strides[d] + 1;
            }
            return out;
        }

        @Override
        public String toString() {
            return "seed " + seed + ": X" + Arrays.toString(xDims) + " W" + Arrays.toString(wDims) + " group " + group
                    + " strides " + Arrays.toString(strides) + " dilations " + Arrays.toString(dilations)
                    + " pads " + Arrays.toString(padBegin) + Arrays.toString(padEnd) + " " + autoPad + " bias " + bias
                    + " constant W " + constantWeights;
        }
    }

    @Test
    void matchesTheReferenceForRandomShapesAndAttributes() {
        try (NnThreads two = NnThreads.create(2)) {
            for (int i = 0; i < CASES; i++) {
                Case c = randomCase(FIRST_SEED + i);
                check(c, two);
            }
        }
    }

    @Test
    void matchesTheReferenceAcrossTilesAndChannelBlocks() {
        try (NnThreads two = NnThreads.create(2)) {
            // 3x3 kernel over 40x40: 1600 positions in several column tiles, 70 maps in three channel blocks.
            check(
                    new Case(
                            1,
                            new int[] {1, 3, 40, 40},
                            new int[] {70, 3, 3, 3},
                            1,
                            new int[] {1, 1},
                            new int[] {1, 1},
                            new int[] {1, 1},
                            new int[] {1, 1},
                            "NOTSET",
                            true,
                            true),
                    two);
            // Pointwise: read straight from the input, 600 positions.
            check(
                    new Case(
                            2,
                            new int[] {2, 8, 20, 30},
                            new int[] {36, 8, 1, 1},
                            1,
                            new int[] {1, 1},
                            new int[] {1, 1},
                            new int[] {0, 0},
                            new int[] {0, 0},
                            "NOTSET",
                            false,
                            false),
                    two);
            // Depthwise with stride 2.
            check(
                    new Case(
                            3,
                            new int[] {1, 16, 17, 17},
                            new int[] {16, 1, 3, 3},
                            16,
                            new int[] {2, 2},
                            new int[] {1, 1},
                            new int[] {1, 1},
                            new int[] {1, 1},
                            "NOTSET",
                            true,
                            true),
                    two);
        }
    }

    @Test
    void refusesBadShapesAndHugeWindowsWithErrorsNotCrashes() {
        // Channels of X (3) do not match W (C/group = 2).
        byte[] mismatch = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 1, 3, 5, 5)
                .initializer("w", Tensor.zeros(DType.FLOAT, new int[] {4, 2, 3, 3}))
                .node("Conv")
                .inputs("x", "w")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        assertEquals(NnErrorCode.SHAPE_MISMATCH, prepareError(mismatch));
        // A pooling window with enormous padding: refused before any per-position table is built.
        byte[] hugePool = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 1, 1, 4, 4)
                .node("MaxPool")
                .inputs("x")
                .outputs("y")
                .attr("kernel_shape", new long[] {1, 1})
                .attr("pads", new long[] {0, 0, 400_000_000, 400_000_000})
                .add()
                .output("y", DType.FLOAT)
                .build();
        assertEquals(NnErrorCode.LIMIT_EXCEEDED, prepareError(hugePool));
        // A kernel larger than the padded input.
        byte[] tooSmall = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 1, 1, 2, 2)
                .node("AveragePool")
                .inputs("x")
                .outputs("y")
                .attr("kernel_shape", new long[] {3, 3})
                .add()
                .output("y", DType.FLOAT)
                .build();
        assertEquals(NnErrorCode.SHAPE_MISMATCH, prepareError(tooSmall));
    }

    private static NnErrorCode prepareError(byte[] model) {
        NnException e = assertThrows(NnException.class, () -> PreparedModel.prepare(OnnxModel.parse(model)));
        return e.code();
    }

    private static Case randomCase(long seed) {
        Random r = new Random(seed);
        while (true) {
            int rank = 1 + r.nextInt(3);
            int group = 1 + r.nextInt(3);
            int cg = 1 + r.nextInt(4);
            int mg = r.nextInt(6) == 0 ? 30 + r.nextInt(10) : 1 + r.nextInt(5);
            int[] x = new int[rank + 2];
            int[] w = new int[rank + 2];
            x[0] = 1 + r.nextInt(2);
            x[1] = group * cg;
            w[0] = group * mg;
            w[1] = cg;
            int[] strides = new int[rank];
            int[] dilations = new int[rank];
            int[] padBegin = new int[rank];
            int[] padEnd = new int[rank];
            String autoPad =
                    switch (r.nextInt(5)) {
                        case 0 -> "SAME_UPPER";
                        case 1 -> "SAME_LOWER";
                        case 2 -> "VALID";
                        default -> "NOTSET";
                    };
            boolean fits = true;
            for (int d = 0; d < rank; d++) {
                x[d + 2] = 1 + r.nextInt(rank == 3 ? 6 : 12);
                w[d + 2] = 1 + r.nextInt(3);
                strides[d] = 1 + r.nextInt(3);
                dilations[d] = 1 + r.nextInt(2);
                int extent = (w[d + 2] - 1) * dilations[d] + 1;
                switch (autoPad) {
                    case "NOTSET" -> {
                        padBegin[d] = r.nextInt(3);
                        padEnd[d] = r.nextInt(3);
                    }
                    case "VALID" -> {}
                    default -> {
                        int out = (x[d + 2] + strides[d] - 1) / strides[d];
                        int total = Math.max(0, (out - 1) * strides[d] + extent - x[d + 2]);
                        padBegin[d] = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                        padEnd[d] = total - padBegin[d];
                    }
                }
                fits &= x[d + 2] + padBegin[d] + padEnd[d] >= extent;
            }
            if (fits) {
                return new Case(
                        seed,
                        x,
                        w,
                        group,
                        strides,
                        dilations,
                        padBegin,
                        padEnd,
                        autoPad,
                        r.nextBoolean(),
                        r.nextBoolean());
            }
        }
    }

    private static void check(Case c, NnThreads threads) {
        Random r = new Random(c.seed ^ 0x9e3779b97f4a7c15L);
        Tensor x = values(r, c.xDims);
        Tensor w = values(r, c.wDims);
        Tensor b = values(r, new int[] {c.wDims[0]});
        int[] out = c.outSpatial();
        int[] yDims = new int[c.rank() + 2];
        yDims[0] = c.xDims[0];
        yDims[1] = c.wDims[0];
        System.arraycopy(out, 0, yDims, 2, c.rank());

        OnnxModelBuilder builder = new OnnxModelBuilder().input("x", DType.FLOAT, longs(c.xDims));
        if (c.constantWeights) {
            builder.initializer("w", w);
        } else {
            builder.input("w", DType.FLOAT, longs(c.wDims));
        }
        if (c.bias) {
            builder.initializer("b", b);
        }
        OnnxModelBuilder.NodeBuilder node = builder.node("Conv")
                .inputs(c.bias ? new String[] {"x", "w", "b"} : new String[] {"x", "w"})
                .outputs("y")
                .attr("group", (long) c.group)
                .attr("strides", longs(c.strides))
                .attr("dilations", longs(c.dilations));
        if (c.autoPad.equals("NOTSET")) {
            int[] pads = new int[2 * c.rank()];
            System.arraycopy(c.padBegin, 0, pads, 0, c.rank());
            System.arraycopy(c.padEnd, 0, pads, c.rank(), c.rank());
            node.attr("pads", longs(pads));
        } else {
            node.attr("auto_pad", c.autoPad);
        }
        byte[] model = node.add().output("y", DType.FLOAT, longs(yDims)).build();

        PreparedModel prepared = PreparedModel.prepare(OnnxModel.parse(model));
        Map<String, Tensor> inputs = c.constantWeights ? Map.of("x", x) : Map.of("x", x, "w", w);
        Tensor one = prepared.run(inputs).output("y");
        Tensor two = prepared.run(inputs, threads).output("y");
        float[] expected = ConvolutionReference.conv(
                x.toFloatArray(),
                c.xDims,
                w.toFloatArray(),
                c.wDims,
                c.bias ? b.toFloatArray() : null,
                c.group,
                c.strides,
                c.dilations,
                c.padBegin,
                out);
        assertArrayEquals(yDims, one.shape(), c.toString());
        assertArrayEquals(bits(expected), bits(one.toFloatArray()), c.toString());
        assertEquals(one, two, "two threads, " + c);
    }

    /** Values of mixed magnitudes, so that a sum taken in another order rounds differently. */
    static Tensor values(Random r, int[] dims) {
        float[] v = new float[ConvolutionReference.product(dims)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (r.nextFloat() - 0.5f) * (r.nextInt(4) == 0 ? 1000f : 1f);
        }
        return Tensor.ofFloats(dims, v);
    }

    static int[] bits(float[] values) {
        int[] out = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Float.floatToRawIntBits(values[i]);
        }
        return out;
    }

    static long[] longs(int[] values) {
        return Arrays.stream(values).asLongStream().toArray();
    }
}
