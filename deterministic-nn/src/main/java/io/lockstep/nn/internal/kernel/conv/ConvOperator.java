package io.lockstep.nn.internal.kernel.conv;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.kernel.linalg.FloatGemm;
import io.lockstep.nn.internal.kernel.linalg.VectorFloatGemm;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.Arrays;

/**
 * Conv over 1 to n spatial dimensions with groups, strides, dilations, pads and auto_pad, in float. For
 * batch {@code b} and group {@code g} the output is the product {@code W_g (Mg x K)} times the
 * {@link Im2Col} matrix of the group's input channels {@code (K x S)}, {@code K = C/group * kernel
 * size}, summed by {@link FloatGemm}: each output element is
 *
 * <pre>
 *   acc = +0.0f;  for c, tap (row-major):  acc = Math.fma(w[m][c][tap], x_padded[c][position + tap], acc)
 *   y = acc + bias[m]          (without B: y = acc)
 * </pre>
 *
 * where a padded input element is +0.0f and still contributes its product. Units are (batch, group,
 * tile of output positions, block of output channels), channel blocks innermost so that a thread
 * builds each input tile once into its scratch rows; a 1x1 kernel with stride 1 and no padding copies
 * the input rows as they are.
 */
public final class ConvOperator implements Operator {
    /** The {@link io.lockstep.nn.internal.operator.Scratch#floatRows} slot of the input tile. */
    private static final int PANEL_SLOT = 1;

    /** The {@link io.lockstep.nn.internal.operator.Scratch#floats} slot of one im2col row before it is cut into strips. */
    private static final int ROW_SLOT = 2;

    /** Output channels per unit. */
    static final int CHANNELS_PER_UNIT = 64;

    /** Floats of one im2col tile (per thread) at most, unless K alone is larger (then one column). */
    static final int TILE_BUDGET = 1 << 18;

    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 3, 1, 1);
        node.requireDType(0, DType.FLOAT);
        node.requireSameDType(0, 1);
        Shape x = node.shape(0);
        Shape w = node.shape(1);
        if (x.rank() < 3 || w.rank() != x.rank()) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "X " + x + " and W " + w + " must be (N, C, D1, ...)");
        }
        long group = node.intAttribute("group", 1);
        int batches = x.dim(0);
        int channels = x.dim(1);
        int maps = w.dim(0);
        if (group < 1 || channels % group != 0 || maps % group != 0 || w.dim(1) != channels / group) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "X " + x + " and W " + w + " do not fit group " + group);
        }
        int[] kernel = Arrays.copyOfRange(w.dims(), 2, w.rank());
        long[] kernelShape = node.intsAttribute("kernel_shape");
        if (kernelShape != null && !Arrays.equals(kernelShape, Arrays.copyOfRange(w.dimsAsLongs(), 2, w.rank()))) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "kernel_shape differs from W " + w);
        }
        boolean hasBias = node.hasInput(2);
        if (hasBias) {
            node.requireSameDType(0, 2);
            if (!node.shape(2).equals(Shape.of(maps))) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "B must be [" + maps + "], is " + node.shape(2));
            }
        }
        SlidingWindow window = SlidingWindow.of(node, x, kernel, false);
        Geometry geometry = new Geometry(batches, (int) group, channels, maps, window);
        Shape out = window.outputShape(node, batches, maps);
        long outputs = out.size();
        long macs = outputs * geometry.depth;
        long moved = (long) batches * group * geometry.depth * geometry.positions;
        Work work = Work.macs(macs).plus(Work.moved(moved)).plus(Work.elements(outputs));
        float[][] weightTiles = null;
        if (FloatGemm.VECTOR_KERNEL && node.constant(1) != null) {
            weightTiles = packWeights(geometry, (float[]) TensorBridge.data(node.constant(1)));
        }
        return NodePlan.of(
                new TensorType(DType.FLOAT, out), work, geometry.units(), kernel(geometry, hasBias, weightTiles));
    }

    /** Sizes of the product and of its units. */
    private static final class Geometry {
        final int batches;
        final int groups;
        final int channels;
        final int maps;
        final int groupChannels;
        final int groupMaps;
        final int depth;
        final int positions;
        final int inputPlane;
        final boolean pointwise;
        final int tileWidth;
        final int tiles;
        final int blocks;
        final SlidingWindow window;

        Geometry(int batches, int groups, int channels, int maps, SlidingWindow window) {
            this.batches = batches;
            this.groups = groups;
            this.channels = channels;
            this.maps = maps;
            this.groupChannels = channels / groups;
            this.groupMaps = maps / groups;
            this.depth = Math.multiplyExact(groupChannels, window.kernelSize());
            this.positions = window.outputSize();
            this.inputPlane = window.inputSize();
            this.pointwise = window.isPointwise();
            this.window = window;
            int width = pointwise ? FloatGemm.PANEL : TILE_BUDGET / Math.max(1, depth);
            // Whole vectors of columns where the budget allows; a huge K gets narrower tiles, not more memory.
            this.tileWidth = Math.max(1, Math.min(FloatGemm.PANEL, width >= 16 ? width / 16 * 16 : width));
            this.tiles = (positions + tileWidth - 1) / tileWidth;
            this.blocks = (groupMaps + CHANNELS_PER_UNIT - 1) / CHANNELS_PER_UNIT;
        }

        int units() {
            return Math.multiplyExact(Math.multiplyExact(Math.multiplyExact(batches, groups), tiles), blocks);
        }
    }

    /**
     * Constant weights as the register tiles read them, per (group, block of output channels), packed
     * once here instead of in every unit.
     */
    private static float[][] packWeights(Geometry geo, float[] w) {
        float[][] tiles = new float[geo.groups * geo.blocks][];
        for (int g = 0; g < geo.groups; g++) {
            for (int block = 0; block < geo.blocks; block++) {
                int m0 = block * CHANNELS_PER_UNIT;
                int rows = Math.min(CHANNELS_PER_UNIT, geo.groupMaps - m0);
                int map0 = g * geo.groupMaps + m0;
                tiles[g * geo.blocks + block] =
                        VectorFloatGemm.packTiles(w, map0 * geo.depth, geo.depth, 1, rows, geo.depth);
            }
        }
        return tiles;
    }

    private static Kernel kernel(Geometry geo, boolean hasBias, float[][] weightTiles) {
        Im2Col im2col = geo.pointwise ? null : new Im2Col(geo.window);
        int k = geo.depth;
        int s = geo.positions;
        return (io, from, to, scratch) -> {
            float[] x = io.floatIn(0);
            float[] w = io.floatIn(1);
            float[] bias = hasBias ? io.floatIn(2) : null;
            float[] y = io.floatOut(0);
            int[] position = scratch.ints(0, geo.window.rank);
            int[] runs = im2col == null ? null : scratch.ints(1, im2col.runPlanInts(geo.tileWidth));
            float[][] panel = null;
            FloatGemm.Panel strips = null;
            int built = -1;
            for (int u = from; u < to; u++) {
                int block = u % geo.blocks;
                int tileKey = u / geo.blocks;
                int tile = tileKey % geo.tiles;
                int g = (tileKey / geo.tiles) % geo.groups;
                int b = tileKey / geo.tiles / geo.groups;
                int s0 = tile * geo.tileWidth;
                int width = Math.min(geo.tileWidth, s - s0);
                int xOff = (b * geo.channels + g * geo.groupChannels) * geo.inputPlane;
                if (tileKey != built) {
                    if (FloatGemm.VECTOR_KERNEL) {
                        // The input tile goes straight into the register tiles' strips.
                        if (im2col == null) {
                            strips = FloatGemm.gather(x, xOff, geo.inputPlane, 1, k, s0, width, scratch);
                        } else {
                            float[] out = scratch.floats(FloatGemm.PANEL_SLOT, VectorFloatGemm.stripFloats(k, width));
                            im2col.fillStrips(
                                    x,
                                    xOff,
                                    geo.groupChannels,
                                    out,
                                    s0,
                                    width,
                                    position,
                                    runs,
                                    scratch.floats(ROW_SLOT, width));
                            strips = FloatGemm.Panel.ofStrips(out, k, width);
                        }
                    } else {
                        panel = scratch.floatRows(PANEL_SLOT, k, width);
                        if (im2col == null) {
                            FloatGemm.gatherPanel(x, xOff, geo.inputPlane, 1, k, s0, width, panel);
                        } else {
                            im2col.fill(x, xOff, geo.groupChannels, panel, s0, width, position, runs);
                        }
                    }
                    built = tileKey;
                }
                int m0 = block * CHANNELS_PER_UNIT;
                int rows = Math.min(CHANNELS_PER_UNIT, geo.groupMaps - m0);
                int map0 = g * geo.groupMaps + m0;
                int yOff = (b * geo.maps + map0) * s + s0;
                if (strips != null) {
                    float[] tiles = weightTiles == null ? null : weightTiles[g * geo.blocks + block];
                    FloatGemm.multiply(w, map0 * k, k, 1, tiles, strips, y, yOff, s, rows, scratch);
                } else {
                    FloatGemm.multiply(w, map0 * k, k, 1, panel, k, width, y, yOff, s, rows, scratch);
                }
                for (int r = 0; r < rows; r++) {
                    int row = yOff + r * s;
                    if (bias != null) {
                        float add = bias[map0 + r];
                        for (int j = row; j < row + width; j++) {
                            y[j] = CanonicalNaN.of(y[j] + add);
                        }
                    } else {
                        CanonicalNaN.canonicalize(y, row, row + width);
                    }
                }
            }
        };
    }
}
