package io.lockstep.nn.internal.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.lockstep.nn.DType;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * ConvInteger and QLinearConv against a direct N-dimensional convolution written independently of the
 * kernels' im2row, over random geometry: 1 to 3 spatial dimensions, strides, dilations, explicit pads
 * or auto_pad, groups, scalar or per-channel zero points and scales, bias, constant or run-time
 * weights. Seed: {@code -Dlockstep.seed}.
 */
class QuantizedConvPropertyTest {
    private static final long SEED = Long.getLong("lockstep.seed", 20261124L);
    private static final String[] AUTO_PADS = {"NOTSET", "NOTSET", "VALID", "SAME_UPPER", "SAME_LOWER"};

    /** A random convolution: shapes, attributes and the pads they imply. */
    private record Case(
            int batch,
            int groups,
            int channelsPerGroup,
            int outPerGroup,
            int[] in,
            int[] kernel,
            int[] strides,
            int[] dilations,
            int[] padBegin,
            int[] padEnd,
            int[] out,
            String autoPad) {
        int rank() {
            return in.length;
        }

        int channels() {
            return groups * channelsPerGroup;
        }

        int outChannels() {
            return groups * outPerGroup;
        }

        int[] xShape() {
            return concat(new int[] {batch, channels()}, in);
        }

        int[] wShape() {
            return concat(new int[] {outChannels(), channelsPerGroup}, kernel);
        }

        int[] yShape() {
            return concat(new int[] {batch, outChannels()}, out);
        }

        @Override
        public String toString() {
            return "x" + Arrays.toString(xShape()) + " w" + Arrays.toString(wShape()) + " group " + groups
                    + " strides " + Arrays.toString(strides) + " dilations " + Arrays.toString(dilations) + " pads "
                    + Arrays.toString(padBegin) + Arrays.toString(padEnd) + " " + autoPad;
        }
    }

    @Test
    void convIntegerMatchesDirectConvolution() {
        System.out.println("QuantizedConvPropertyTest.convIntegerMatchesDirectConvolution seed=" + SEED);
        SplittableRandom random = new SplittableRandom(SEED);
        for (int c = 0; c < 80; c++) {
            Case g = randomCase(random);
            DType xType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            DType wType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            Tensor x = Tensor.ofBytes(xType, g.xShape(), Int8GemmPropertyTest.bytes(random, size(g.xShape())));
            Tensor w = Tensor.ofBytes(wType, g.wShape(), Int8GemmPropertyTest.bytes(random, size(g.wShape())));
            int xZero = Int8GemmPropertyTest.zero(random, xType == DType.UINT8);
            boolean perChannel = random.nextBoolean();
            int[] wZero = zeros(random, wType, perChannel ? g.outChannels() : 1);
            boolean constantW = random.nextBoolean();

            OnnxModelBuilder builder = new OnnxModelBuilder().opset(10);
            Map<String, Tensor> feed = new HashMap<>();
            input(builder, feed, "x", x, false);
            input(builder, feed, "w", w, constantW);
            input(builder, feed, "x_zero", scalar(xType, xZero), random.nextBoolean());
            input(builder, feed, "w_zero", zeroTensor(wType, wZero, perChannel), constantW);
            attributes(builder.node("ConvInteger").inputs("x", "w", "x_zero", "w_zero"), g)
                    .outputs("y")
                    .add()
                    .output("y", DType.INT32, Int8GemmPropertyTest.toLongs(g.yShape()));
            int[] actual = PreparedModel.prepare(OnnxModel.parse(builder.build()))
                    .run(feed)
                    .output("y")
                    .toIntArray();
            long[] expected = direct(g, x, xZero, w, wZero);
            int[] expectedInts =
                    Arrays.stream(expected).mapToInt(Math::toIntExact).toArray();
            assertArrayEquals(expectedInts, actual, "seed=" + SEED + " case " + c + ": " + g);
        }
    }

    @Test
    void qlinearConvMatchesDirectConvolutionRequantized() {
        System.out.println("QuantizedConvPropertyTest.qlinearConvMatchesDirectConvolutionRequantized seed=" + SEED);
        SplittableRandom random = new SplittableRandom(SEED + 1);
        for (int c = 0; c < 80; c++) {
            Case g = randomCase(random);
            DType xType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            DType wType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            DType yType = random.nextBoolean() ? DType.UINT8 : DType.INT8;
            Tensor x = Tensor.ofBytes(xType, g.xShape(), Int8GemmPropertyTest.bytes(random, size(g.xShape())));
            Tensor w = Tensor.ofBytes(wType, g.wShape(), Int8GemmPropertyTest.bytes(random, size(g.wShape())));
            int xZero = Int8GemmPropertyTest.zero(random, xType == DType.UINT8);
            boolean perChannel = random.nextBoolean();
            int channels = g.outChannels();
            int[] wZero = zeros(random, wType, perChannel ? channels : 1);
            // Powers of two in a third of the cases make multipliers like 1/4 and so exact ties, which
            // must round to even.
            boolean ties = random.nextInt(3) == 0;
            float xScale = scale(random, ties);
            float[] wScale = new float[perChannel ? channels : 1];
            for (int i = 0; i < wScale.length; i++) {
                wScale[i] = scale(random, ties);
            }
            // y_scale near the product's spread, so that outputs use the range and some saturate.
            float yScale = xScale * wScale[0] * (ties ? 1 << random.nextInt(12) : (float) (20 + random.nextInt(3000)));
            int yZero = Int8GemmPropertyTest.zero(random, yType == DType.UINT8);
            int[] bias = null;
            if (random.nextBoolean()) {
                bias = new int[channels];
                for (int i = 0; i < channels; i++) {
                    bias[i] = random.nextInt(5) == 0 ? random.nextInt() : random.nextInt(200_000) - 100_000;
                }
            }

            OnnxModelBuilder builder = new OnnxModelBuilder().opset(10);
            Map<String, Tensor> feed = new HashMap<>();
            boolean constantW = random.nextBoolean();
            input(builder, feed, "x", x, false);
            input(builder, feed, "x_scale", Tensor.ofFloats(new int[] {}, xScale), random.nextBoolean());
            input(builder, feed, "x_zero", scalar(xType, xZero), random.nextBoolean());
            input(builder, feed, "w", w, constantW);
            input(builder, feed, "w_scale", Tensor.ofFloats(new int[] {wScale.length}, wScale), constantW);
            input(builder, feed, "w_zero", zeroTensor(wType, wZero, perChannel), constantW);
            input(builder, feed, "y_scale", Tensor.ofFloats(new int[] {}, yScale), random.nextBoolean());
            input(builder, feed, "y_zero", scalar(yType, yZero), random.nextBoolean());
            String[] names = {"x", "x_scale", "x_zero", "w", "w_scale", "w_zero", "y_scale", "y_zero"};
            if (bias != null) {
                input(builder, feed, "B", Tensor.ofInts(new int[] {channels}, bias), random.nextBoolean());
                names = Arrays.copyOf(names, 9);
                names[8] = "B";
            }
            attributes(builder.node("QLinearConv").inputs(names), g)
                    .outputs("y")
                    .add()
                    .output("y", yType, Int8GemmPropertyTest.toLongs(g.yShape()));
            byte[] actual = PreparedModel.prepare(OnnxModel.parse(builder.build()))
                    .run(feed)
                    .output("y")
                    .toByteArray();

            long[] acc = direct(g, x, xZero, w, wZero);
            byte[] expected = new byte[acc.length];
            int positions = size(g.out);
            int lo = yType == DType.UINT8 ? 0 : -128;
            int hi = yType == DType.UINT8 ? 255 : 127;
            for (int e = 0; e < acc.length; e++) {
                int channel = (e / positions) % channels;
                float multiplier = xScale * wScale[perChannel ? channel : 0];
                multiplier = multiplier / yScale;
                double real = (acc[e] + (bias == null ? 0 : bias[channel])) * (double) multiplier;
                double rounded = Math.rint(real) + yZero;
                expected[e] = (byte) (int) Math.max(lo, Math.min(hi, rounded));
            }
            assertArrayEquals(expected, actual, "seed=" + SEED + " case " + c + ": " + g);
        }
    }

    private static Case randomCase(SplittableRandom random) {
        while (true) {
            int rank = 1 + random.nextInt(random.nextInt(4) == 0 ? 3 : 2);
            // Long 1-D inputs give more output positions than one tile (QuantizedConv.TILE).
            int maxIn = rank == 3 ? 6 : rank == 2 ? 10 : random.nextInt(3) == 0 ? 3 * QuantizedConv.TILE : 24;
            int[] in = new int[rank];
            int[] kernel = new int[rank];
            int[] strides = new int[rank];
            int[] dilations = new int[rank];
            int[] padBegin = new int[rank];
            int[] padEnd = new int[rank];
            int[] out = new int[rank];
            String autoPad = AUTO_PADS[random.nextInt(AUTO_PADS.length)];
            boolean valid = true;
            for (int d = 0; d < rank; d++) {
                in[d] = 1 + random.nextInt(maxIn);
                kernel[d] = 1 + random.nextInt(4);
                strides[d] = 1 + random.nextInt(3);
                dilations[d] = 1 + random.nextInt(2);
                int extent = (kernel[d] - 1) * dilations[d] + 1;
                switch (autoPad) {
                    case "NOTSET" -> {
                        padBegin[d] = random.nextInt(3);
                        padEnd[d] = random.nextInt(3);
                    }
                    case "VALID" -> {}
                    default -> {
                        int target = (in[d] + strides[d] - 1) / strides[d];
                        int total = Math.max(0, (target - 1) * strides[d] + extent - in[d]);
                        padBegin[d] = autoPad.equals("SAME_UPPER") ? total / 2 : (total + 1) / 2;
                        padEnd[d] = total - padBegin[d];
                    }
                }
                int padded = in[d] + padBegin[d] + padEnd[d];
                valid &= padded >= extent;
                out[d] = valid ? (padded - extent) / strides[d] + 1 : 0;
            }
            if (!valid) {
                continue;
            }
            int groups = 1 + random.nextInt(3);
            return new Case(
                    1 + random.nextInt(2),
                    groups,
                    1 + random.nextInt(4),
                    1 + random.nextInt(random.nextInt(5) == 0 ? 40 : 5),
                    in,
                    kernel,
                    strides,
                    dilations,
                    padBegin,
                    padEnd,
                    out,
                    autoPad);
        }
    }

    private static OnnxModelBuilder.NodeBuilder attributes(OnnxModelBuilder.NodeBuilder node, Case g) {
        SplittableRandom coin = new SplittableRandom(Arrays.hashCode(g.in));
        if (g.groups > 1 || coin.nextBoolean()) {
            node.attr("group", g.groups);
        }
        if (coin.nextBoolean()) {
            node.attr("kernel_shape", Int8GemmPropertyTest.toLongs(g.kernel));
        }
        node.attr("strides", Int8GemmPropertyTest.toLongs(g.strides));
        node.attr("dilations", Int8GemmPropertyTest.toLongs(g.dilations));
        if (g.autoPad.equals("NOTSET")) {
            node.attr("pads", Int8GemmPropertyTest.toLongs(concat(g.padBegin, g.padEnd)));
        } else {
            node.attr("auto_pad", g.autoPad);
        }
        return node;
    }

    /** The convolution sums {@code sum (x - xZero) * (w - wZero[m])}, computed point by point. */
    private static long[] direct(Case g, Tensor x, int xZero, Tensor w, int[] wZero) {
        int rank = g.rank();
        int positions = size(g.out);
        int kernelSize = size(g.kernel);
        int inSize = size(g.in);
        long[] y = new long[g.batch * g.outChannels() * positions];
        int[] o = new int[rank];
        int[] kk = new int[rank];
        for (int n = 0; n < g.batch; n++) {
            for (int m = 0; m < g.outChannels(); m++) {
                int group = m / g.outPerGroup;
                int zero = wZero[wZero.length == 1 ? 0 : m];
                for (int pos = 0; pos < positions; pos++) {
                    unravel(pos, g.out, o);
                    long sum = 0;
                    for (int c = 0; c < g.channelsPerGroup; c++) {
                        int channel = group * g.channelsPerGroup + c;
                        for (int kIndex = 0; kIndex < kernelSize; kIndex++) {
                            unravel(kIndex, g.kernel, kk);
                            int offset = 0;
                            boolean inside = true;
                            for (int d = 0; d < rank; d++) {
                                int i = o[d] * g.strides[d] - g.padBegin[d] + kk[d] * g.dilations[d];
                                inside &= i >= 0 && i < g.in[d];
                                offset = offset * g.in[d] + i;
                            }
                            if (!inside) {
                                continue;
                            }
                            long xv = x.longAt((n * g.channels() + channel) * inSize + offset) - xZero;
                            long wv = w.longAt((m * g.channelsPerGroup + c) * kernelSize + kIndex) - zero;
                            sum += xv * wv;
                        }
                    }
                    y[(n * g.outChannels() + m) * positions + pos] = sum;
                }
            }
        }
        return y;
    }

    private static void unravel(int index, int[] dims, int[] out) {
        for (int d = dims.length - 1; d >= 0; d--) {
            out[d] = index % dims[d];
            index /= dims[d];
        }
    }

    private static void input(
            OnnxModelBuilder builder, Map<String, Tensor> feed, String name, Tensor value, boolean constant) {
        if (constant) {
            builder.initializer(name, value);
        } else {
            builder.input(name, value.dtype(), Int8GemmPropertyTest.toLongs(value.shape()));
            feed.put(name, value);
        }
    }

    private static int[] zeros(SplittableRandom random, DType type, int count) {
        int[] out = new int[count];
        for (int i = 0; i < count; i++) {
            out[i] = Int8GemmPropertyTest.zero(random, type == DType.UINT8);
        }
        return out;
    }

    private static Tensor zeroTensor(DType type, int[] values, boolean vector) {
        byte[] bytes = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            bytes[i] = (byte) values[i];
        }
        return Tensor.ofBytes(type, vector ? new int[] {values.length} : new int[] {1}, bytes);
    }

    private static Tensor scalar(DType type, int value) {
        return Tensor.ofBytes(type, new int[] {}, (byte) value);
    }

    /** A positive scale between about 1e-4 and 1e-1: a power of two, or with random low bits. */
    private static float scale(SplittableRandom random, boolean powerOfTwo) {
        if (powerOfTwo) {
            return Math.scalb(1f, -3 - random.nextInt(10));
        }
        return (float) Math.pow(10, -1 - 3 * random.nextDouble());
    }

    private static int size(int[] dims) {
        return Int8GemmPropertyTest.size(dims);
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
