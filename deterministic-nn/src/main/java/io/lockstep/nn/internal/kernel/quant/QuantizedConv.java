package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.operator.KernelIo;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.Scratch;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.Work;

/**
 * The integer part of ConvInteger and QLinearConv: a convolution of int8/uint8 {@code x - x_zero_point}
 * (a scalar) with {@code w - w_zero_point} (a scalar or one per output channel), accumulated exactly in
 * int32. Each output position's patch (see {@link ConvGeometry}) is a row of A'; the weights of a group,
 * transposed, are B' ({@code depth x outPerGroup}), packed once when they are constants. One unit is
 * one output position of one image and group, giving all of that group's output channels.
 */
final class QuantizedConv {
    /**
     * Receives accumulated positions: {@code acc[r * outPerGroup + j]} is output channel {@code g *
     * outPerGroup + j} at position {@code firstPosition + r} of image {@code n}.
     */
    @FunctionalInterface
    interface PositionSink {
        void accept(KernelIo io, int n, int g, int firstPosition, int count, int[] acc);
    }

    private final ConvGeometry geometry;
    private final int depth;
    private final int positions;
    private final int units;
    private final int xInput;
    private final int xZeroInput;
    private final int wInput;
    private final int wZeroInput;
    private final boolean xUnsigned;
    private final boolean wUnsigned;
    private final boolean wZeroPerChannel;
    private final short[][] packedW;

    private QuantizedConv(NodeContext node, int xInput, int xZeroInput, int wInput, int wZeroInput) {
        this.xInput = xInput;
        this.wInput = wInput;
        this.xZeroInput = node.hasInput(xZeroInput) ? xZeroInput : -1;
        this.wZeroInput = node.hasInput(wZeroInput) ? wZeroInput : -1;
        xUnsigned = node.requireDType(xInput, DType.INT8, DType.UINT8) == DType.UINT8;
        wUnsigned = node.requireDType(wInput, DType.INT8, DType.UINT8) == DType.UINT8;
        geometry = ConvGeometry.of(node, node.shape(xInput), node.shape(wInput));
        if (geometry.depth() > Int8Gemm.MAX_DEPTH) {
            throw node.fail(
                    NnErrorCode.LIMIT_EXCEEDED,
                    "patch depth " + geometry.depth() + " exceeds " + Int8Gemm.MAX_DEPTH
                            + ", the deepest product whose int32 sums of 8-bit products cannot overflow");
        }
        depth = (int) geometry.depth();
        positions = geometry.positions();
        units = Math.multiplyExact(Math.multiplyExact(geometry.batch, geometry.groups), positions);
        if (this.xZeroInput >= 0) {
            node.requireSameDType(xInput, xZeroInput);
            if (QuantParameters.perIndex(node, xZeroInput, 1, "tensor")) {
                throw node.fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, "x_zero_point must be a scalar");
            }
        }
        if (this.wZeroInput >= 0) {
            node.requireSameDType(wInput, wZeroInput);
        }
        wZeroPerChannel = this.wZeroInput >= 0
                && QuantParameters.perIndex(node, wZeroInput, geometry.outChannels, "output channel");
        packedW = packConstant(node);
    }

    static QuantizedConv plan(NodeContext node, int xInput, int xZeroInput, int wInput, int wZeroInput) {
        return new QuantizedConv(node, xInput, xZeroInput, wInput, wZeroInput);
    }

    ConvGeometry geometry() {
        return geometry;
    }

    Shape outputShape() {
        return geometry.outputShape();
    }

    int positions() {
        return positions;
    }

    int units() {
        return units;
    }

    /** Multiply-accumulates, patches gathered, and weights packed at run time when not constant. */
    Work work() {
        long macs = (long) units * depth * geometry.outPerGroup;
        Work work = Work.integerMacs(macs).plus(Work.moved((long) units * depth));
        return packedW == null ? work.plus(Work.moved((long) geometry.outChannels * depth)) : work;
    }

    private short[][] packConstant(NodeContext node) {
        Tensor w = node.constant(wInput);
        if (w == null || (wZeroInput >= 0 && node.constant(wZeroInput) == null)) {
            return null;
        }
        byte[] values = (byte[]) TensorBridge.data(w);
        byte[] zeros = wZeroInput >= 0 ? (byte[]) TensorBridge.data(node.constant(wZeroInput)) : null;
        int[] zeroPoints = new int[geometry.outPerGroup];
        short[][] packed = new short[geometry.groups][Int8Gemm.packedLength(depth, geometry.outPerGroup)];
        for (int g = 0; g < geometry.groups; g++) {
            packGroup(values, zeros, g, zeroPoints, packed[g]);
        }
        return packed;
    }

    /** Packs the transposed weights of group {@code g}: B'[p][j] = w[g * outPerGroup + j][p] - zero. */
    private void packGroup(byte[] w, byte[] zeros, int g, int[] zeroPoints, short[] target) {
        int per = geometry.outPerGroup;
        for (int j = 0; j < per; j++) {
            zeroPoints[j] = zeros == null ? 0 : Quantization.load(zeros, wZeroPerChannel ? g * per + j : 0, wUnsigned);
        }
        Int8Gemm.pack(w, g * per * depth, 1, depth, wUnsigned, depth, per, zeroPoints, target, 0);
    }

    /** Accumulates units {@code [from, to)} in groups of positions and hands each group to {@code sink}. */
    void compute(KernelIo io, int from, int to, Scratch scratch, PositionSink sink) {
        int per = geometry.outPerGroup;
        int kp = Int8Gemm.paddedDepth(depth);
        ShortScratch shorts = ShortScratch.current();
        short[] rows = shorts.get(ShortScratch.ROWS, Int8Gemm.ROW_GROUP * kp);
        short[] pairs = shorts.get(ShortScratch.PAIRS, 2 * Math.min(per, Int8Gemm.PANEL));
        int[] acc = scratch.ints(0, Int8Gemm.ROW_GROUP * per);
        byte[] x = io.byteIn(xInput);
        int xZero = xZeroInput >= 0 ? Quantization.load(io.byteIn(xZeroInput), 0, xUnsigned) : 0;
        short[] runtimePacked = null;
        int packedGroup = -1;
        int unit = from;
        while (unit < to) {
            int image = unit / (geometry.groups * positions);
            int g = (unit / positions) % geometry.groups;
            int pos = unit % positions;
            int count = Math.min(Math.min(to - unit, positions - pos), Int8Gemm.ROW_GROUP);
            short[] packed;
            if (packedW != null) {
                packed = packedW[g];
            } else {
                if (g != packedGroup) {
                    packedGroup = g;
                    runtimePacked = shorts.get(ShortScratch.PACKED, Int8Gemm.packedLength(depth, per));
                    byte[] zeros = wZeroInput >= 0 ? io.byteIn(wZeroInput) : null;
                    packGroup(io.byteIn(wInput), zeros, g, scratch.ints(1, per), runtimePacked);
                }
                packed = runtimePacked;
            }
            for (int r = 0; r < count; r++) {
                geometry.loadPatch(x, xUnsigned, xZero, image, g, pos + r, rows, r * kp);
            }
            Int8Gemm.multiply(rows, 0, kp, count, depth, packed, 0, per, acc, 0, per, pairs);
            sink.accept(io, image, g, pos, count, acc);
            unit += count;
        }
    }
}
