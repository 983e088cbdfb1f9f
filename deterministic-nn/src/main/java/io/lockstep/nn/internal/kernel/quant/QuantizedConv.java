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
 * int32 by {@link Int8Gemm}. Per image and group, the weights minus their zero points are the rows of
 * A' ({@code outPerGroup x depth}, prepared once when they are constants) and the receptive fields of a
 * tile of output positions, gathered im2col-style by {@link ConvGeometry#packColumns}, are B'. One unit
 * is one tile of {@link #TILE} output positions of one image and group, giving all of the group's
 * output channels there.
 */
final class QuantizedConv {
    /**
     * Output positions per unit: the width of B', long enough for the inner loops (256 ran about 10%
     * faster than 128), short enough that a tile of 256 x 576 values (64 channels, 3 x 3) stays in L2.
     */
    static final int TILE = 256;

    /** {@link Scratch#floatRows} slots: the im2col tile, and weights prepared at run time ({@link Int8Gemm} uses 0). */
    private static final int COLUMNS_SLOT = 1;

    private static final int WEIGHTS_SLOT = 2;

    /**
     * Receives accumulated tiles: {@code acc[j * count + r]} is output channel {@code g * outPerGroup +
     * j} at position {@code firstPosition + r} of image {@code n}.
     */
    @FunctionalInterface
    interface TileSink {
        void accept(KernelIo io, int n, int g, int firstPosition, int count, int[] acc);
    }

    private final ConvGeometry geometry;
    private final int depth;
    private final int positions;
    private final int tiles;
    private final int units;
    private final int xInput;
    private final int xZeroInput;
    private final int wInput;
    private final int wZeroInput;
    private final boolean xUnsigned;
    private final boolean wUnsigned;
    private final boolean wZeroPerChannel;
    private final float[][][] weightRows;

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
        tiles = (positions + TILE - 1) / TILE;
        units = Math.multiplyExact(Math.multiplyExact(geometry.batch, geometry.groups), tiles);
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
        weightRows = prepareConstantWeights(node);
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

    /** Output elements: images times output channels times positions. */
    long outputs() {
        return (long) geometry.batch * geometry.outChannels * positions;
    }

    /** Multiply-accumulates, receptive fields gathered, and weights prepared at run time when not constant. */
    Work work() {
        long gathered = (long) geometry.batch * geometry.groups * positions * depth;
        Work work = Work.integerMacs(gathered * geometry.outPerGroup).plus(Work.moved(gathered));
        return weightRows == null ? work.plus(Work.moved((long) geometry.outChannels * depth)) : work;
    }

    private float[][][] prepareConstantWeights(NodeContext node) {
        Tensor w = node.constant(wInput);
        if (w == null || (wZeroInput >= 0 && node.constant(wZeroInput) == null)) {
            return null;
        }
        byte[] values = (byte[]) TensorBridge.data(w);
        byte[] zeros = wZeroInput >= 0 ? (byte[]) TensorBridge.data(node.constant(wZeroInput)) : null;
        float[][][] rows = new float[geometry.groups][geometry.outPerGroup][depth];
        for (int g = 0; g < geometry.groups; g++) {
            loadWeights(values, zeros, g, rows[g]);
        }
        return rows;
    }

    /** Row j of group g: {@code w[g * outPerGroup + j][..] - zero}. */
    private void loadWeights(byte[] w, byte[] zeros, int g, float[][] target) {
        int per = geometry.outPerGroup;
        for (int j = 0; j < per; j++) {
            int channel = g * per + j;
            int zero = zeros == null ? 0 : Quantization.load(zeros, wZeroPerChannel ? channel : 0, wUnsigned);
            Int8Gemm.loadRow(w, channel * depth, wUnsigned, depth, zero, target[j]);
        }
    }

    /** Accumulates units {@code [from, to)} and hands each tile to {@code sink}. */
    void compute(KernelIo io, int from, int to, Scratch scratch, TileSink sink) {
        int per = geometry.outPerGroup;
        int width = Math.min(TILE, positions);
        float[][] columns = scratch.floatRows(COLUMNS_SLOT, depth, width);
        int[] acc = scratch.ints(0, per * width);
        byte[] x = io.byteIn(xInput);
        int xZero = xZeroInput >= 0 ? Quantization.load(io.byteIn(xZeroInput), 0, xUnsigned) : 0;
        float[][] runtimeRows = null;
        int loadedGroup = -1;
        for (int unit = from; unit < to; unit++) {
            int image = unit / (geometry.groups * tiles);
            int g = (unit / tiles) % geometry.groups;
            int first = (unit % tiles) * TILE;
            int count = Math.min(TILE, positions - first);
            float[][] rows;
            if (weightRows != null) {
                rows = weightRows[g];
            } else {
                if (g != loadedGroup) {
                    loadedGroup = g;
                    runtimeRows = scratch.floatRows(WEIGHTS_SLOT, per, depth);
                    loadWeights(io.byteIn(wInput), wZeroInput >= 0 ? io.byteIn(wZeroInput) : null, g, runtimeRows);
                }
                rows = runtimeRows;
            }
            geometry.packColumns(x, xUnsigned, xZero, image, g, first, count, columns);
            Int8Gemm.multiply(rows, per, depth, columns, count, 0, count, acc, 0, count, scratch);
            sink.accept(io, image, g, first, count, acc);
        }
    }
}
