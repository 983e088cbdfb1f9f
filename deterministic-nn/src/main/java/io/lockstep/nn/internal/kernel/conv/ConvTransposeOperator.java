package io.lockstep.nn.internal.kernel.conv;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.Arrays;

/**
 * ConvTranspose over 1 to n spatial dimensions (group, strides, dilations, pads, auto_pad,
 * output_padding, output_shape), in float. Input position {@code i} with tap {@code t} adds to output
 * position {@code o = i * stride - padBegin + t * dilation} (per dimension; outside the output it is
 * dropped). Every output element of map {@code m} in group {@code g} is
 *
 * <pre>
 *   acc = +0.0f;  for c in the group's input channels, tap (row-major):
 *                     acc = acc + w[c][m][tap] * x[c][i]   (for the one i, if any, that reaches it)
 *   y = acc + bias[m]          (without B: y = acc)
 * </pre>
 *
 * One unit per (batch, output map) plane.
 */
public final class ConvTransposeOperator implements Operator {
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
        int rank = x.rank() - 2;
        long group = node.intAttribute("group", 1);
        int batches = x.dim(0);
        int channels = x.dim(1);
        if (group < 1 || channels % group != 0 || w.dim(0) != channels) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "X " + x + " and W " + w + " do not fit group " + group);
        }
        int groupMaps = w.dim(1);
        int maps = Math.multiplyExact(groupMaps, (int) group);
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
        int[] input = Arrays.copyOfRange(x.dims(), 2, x.rank());
        int[] strides = ints(node, "strides", rank, 1);
        int[] dilations = ints(node, "dilations", rank, 1);
        int[] outputPadding = ints(node, "output_padding", rank, 0);
        long[] outputShape = node.intsAttribute("output_shape");
        long[] pads = node.intsAttribute("pads");
        String autoPad = node.stringAttribute("auto_pad", "NOTSET");
        int[] padBegin = new int[rank];
        int[] output = new int[rank];
        for (int d = 0; d < rank; d++) {
            long extent = (long) (kernel[d] - 1) * dilations[d] + 1;
            long full = (long) strides[d] * (input[d] - 1) + outputPadding[d] + extent;
            long out;
            if (outputShape != null || autoPad.equals("SAME_UPPER") || autoPad.equals("SAME_LOWER")) {
                if (outputShape != null) {
                    if (outputShape.length != rank && outputShape.length != rank + 2) {
                        throw node.fail(NnErrorCode.INVALID_MODEL, "output_shape must have " + rank + " values");
                    }
                    out = outputShape[outputShape.length - rank + d];
                } else {
                    out = (long) input[d] * strides[d];
                }
                // A negative total (output_shape beyond the full output) pads with outputs nothing reaches.
                long total = full - out;
                long half = Math.floorDiv(total, 2);
                padBegin[d] = (int) (autoPad.equals("SAME_UPPER") ? half : total - half);
            } else if (autoPad.equals("NOTSET") || autoPad.equals("VALID")) {
                long begin = 0;
                long end = 0;
                if (pads != null && autoPad.equals("NOTSET")) {
                    if (pads.length != 2 * rank) {
                        throw node.fail(NnErrorCode.INVALID_MODEL, "pads must have " + 2 * rank + " values");
                    }
                    begin = pads[d];
                    end = pads[d + rank];
                    if (begin < 0 || end < 0) {
                        throw node.fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, "pads must be non-negative");
                    }
                }
                out = full - begin - end;
                padBegin[d] = (int) begin;
            } else {
                throw node.fail(NnErrorCode.INVALID_MODEL, "auto_pad '" + autoPad + "' is not known");
            }
            if (out < 0 || out > node.limits().maxTensorElements()) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "output extent " + out + " is out of range");
            }
            output[d] = (int) out;
        }
        int[] outDims = new int[rank + 2];
        outDims[0] = batches;
        outDims[1] = maps;
        System.arraycopy(output, 0, outDims, 2, rank);
        Shape outShape = Shape.ofLongs(
                Arrays.stream(outDims).asLongStream().toArray(), node.limits().maxTensorElements());
        if (outShape == null) {
            throw node.fail(NnErrorCode.LIMIT_EXCEEDED, "output is too large");
        }
        Scatter scatter = new Scatter(input, kernel, strides, dilations, padBegin, output);
        int groupChannels = channels / (int) group;
        int kernelSize = scatter.kernelSize;
        int inPlane = scatter.inputPlane;
        int outPlane = scatter.outputPlane;
        long macs = (long) batches * channels * groupMaps * inPlane * kernelSize;
        Work work = Work.macs(macs).plus(Work.elements(outShape.size()));
        int units = Math.multiplyExact(batches, maps);
        return NodePlan.of(new TensorType(DType.FLOAT, outShape), work, units, (io, from, to, scratch) -> {
            float[] xv = io.floatIn(0);
            float[] wv = io.floatIn(1);
            float[] bias = hasBias ? io.floatIn(2) : null;
            float[] y = io.floatOut(0);
            for (int u = from; u < to; u++) {
                int b = u / maps;
                int m = u % maps;
                int g = m / groupMaps;
                int mm = m % groupMaps;
                int yOff = u * outPlane;
                Arrays.fill(y, yOff, yOff + outPlane, 0f);
                for (int c = g * groupChannels; c < (g + 1) * groupChannels; c++) {
                    int xOff = (b * channels + c) * inPlane;
                    int wOff = (c * groupMaps + mm) * kernelSize;
                    for (int t = 0; t < kernelSize; t++) {
                        scatter.add(xv, xOff, wv[wOff + t], t, y, yOff);
                    }
                }
                if (bias != null) {
                    float add = bias[m];
                    for (int j = yOff; j < yOff + outPlane; j++) {
                        y[j] = y[j] + add;
                    }
                }
                CanonicalNaN.canonicalize(y, yOff, yOff + outPlane);
            }
        });
    }

    private static int[] ints(NodeContext node, String name, int rank, int fallback) {
        long[] values = node.intsAttribute(name);
        int[] out = new int[rank];
        if (values == null || values.length == 0) {
            Arrays.fill(out, fallback);
            return out;
        }
        if (values.length != rank) {
            throw node.fail(NnErrorCode.INVALID_MODEL, name + " must have " + rank + " values");
        }
        for (int d = 0; d < rank; d++) {
            if (values[d] < fallback || values[d] > Integer.MAX_VALUE / 4) {
                throw node.fail(NnErrorCode.INVALID_MODEL, name + " value " + values[d] + " is out of range");
            }
            out[d] = (int) values[d];
        }
        return out;
    }

    /** Adds one input plane times one kernel tap into an output plane. */
    private static final class Scatter {
        final int rank;
        final int[] input;
        final int[] strides;
        final int[] output;
        final int kernelSize;
        final int inputPlane;
        final int outputPlane;
        final int[] inputStrides;
        final int[] outputStrides;
        /** Per tap and dimension: the output coordinate of input coordinate 0. */
        final int[][] tapOffsets;

        Scatter(int[] input, int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] output) {
            this.rank = input.length;
            this.input = input;
            this.strides = strides;
            this.output = output;
            this.inputStrides = new int[rank];
            this.outputStrides = new int[rank];
            int in = 1;
            int out = 1;
            for (int d = rank - 1; d >= 0; d--) {
                inputStrides[d] = in;
                outputStrides[d] = out;
                in *= input[d];
                out *= output[d];
            }
            this.inputPlane = in;
            this.outputPlane = out;
            int taps = 1;
            for (int k : kernel) {
                taps *= k;
            }
            this.kernelSize = taps;
            this.tapOffsets = new int[taps][rank];
            int[] tap = new int[rank];
            for (int t = 0; t < taps; t++) {
                for (int d = 0; d < rank; d++) {
                    tapOffsets[t][d] = tap[d] * dilations[d] - padBegin[d];
                }
                for (int d = rank - 1; d >= 0; d--) {
                    if (++tap[d] < kernel[d]) {
                        break;
                    }
                    tap[d] = 0;
                }
            }
        }

        /** {@code y[o] = y[o] + w * x[i]} for every input position i that tap {@code t} takes into the output. */
        void add(float[] x, int xOff, float w, int t, float[] y, int yOff) {
            int[] offsets = tapOffsets[t];
            int last = rank - 1;
            // Input coordinates i of the innermost dimension whose output i * stride + offset is inside.
            int stride = strides[last];
            int offset = offsets[last];
            int lo = Math.max(0, ceilDiv(-offset, stride));
            int hi = Math.min(input[last], Math.floorDiv(output[last] - 1 - offset, stride) + 1);
            if (hi <= lo) {
                return;
            }
            int rows = inputPlane / input[last];
            for (int row = 0; row < rows; row++) {
                int xRow = xOff + row * input[last];
                int yRow = yOff;
                int rest = row;
                boolean inside = true;
                for (int d = last - 1; d >= 0; d--) {
                    int i = rest % input[d];
                    rest /= input[d];
                    int o = i * strides[d] + offsets[d];
                    if (o < 0 || o >= output[d]) {
                        inside = false;
                        break;
                    }
                    yRow += o * outputStrides[d];
                }
                if (!inside) {
                    continue;
                }
                int yAt = yRow + lo * stride + offset;
                if (stride == 1) {
                    for (int i = lo; i < hi; i++) {
                        y[yAt + i - lo] = y[yAt + i - lo] + w * x[xRow + i];
                    }
                } else {
                    for (int i = lo; i < hi; i++) {
                        y[yAt] = y[yAt] + w * x[xRow + i];
                        yAt += stride;
                    }
                }
            }
        }

        private static int ceilDiv(int a, int b) {
            return -Math.floorDiv(-a, b);
        }
    }
}
