package io.lockstep.nn.internal.kernel.conv;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.Shape;
import java.util.Arrays;

/**
 * Where a convolution or pooling window lands over the spatial dimensions of an (N, C, D1, ..., Dr)
 * input: kernel extent, strides, dilations and the padding before and after each dimension, resolved
 * from the ONNX attributes ({@code kernel_shape}, {@code strides}, {@code dilations}, {@code pads},
 * {@code auto_pad}, {@code ceil_mode}) into output extents. Output position {@code o} of dimension
 * {@code d} reads input coordinates {@code o * stride[d] - padBegin[d] + t * dilation[d]} for taps
 * {@code t = 0 .. kernel[d] - 1}; coordinates outside {@code [0, input[d])} are padding.
 */
final class SlidingWindow {
    final int rank;
    final int[] input;
    final int[] kernel;
    final int[] strides;
    final int[] dilations;
    final int[] padBegin;
    final int[] padEnd;
    final int[] output;

    private SlidingWindow(
            int[] input, int[] kernel, int[] strides, int[] dilations, int[] padBegin, int[] padEnd, int[] output) {
        this.rank = input.length;
        this.input = input;
        this.kernel = kernel;
        this.strides = strides;
        this.dilations = dilations;
        this.padBegin = padBegin;
        this.padEnd = padEnd;
        this.output = output;
    }

    /**
     * Reads the window attributes of a Conv or pooling node over {@code x}.
     *
     * @param kernelShape the kernel extents (from the weights, or from {@code kernel_shape})
     * @param ceilMode whether the output extents round up ({@code ceil_mode} of the pools)
     */
    static SlidingWindow of(NodeContext node, Shape x, int[] kernelShape, boolean ceilMode) {
        int rank = x.rank() - 2;
        if (rank < 1) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "input must be (N, C, D1, ...), is " + x);
        }
        if (kernelShape.length != rank) {
            throw node.fail(
                    NnErrorCode.SHAPE_MISMATCH, "kernel " + Arrays.toString(kernelShape) + " does not fit input " + x);
        }
        int[] input = Arrays.copyOfRange(x.dims(), 2, x.rank());
        int[] strides = positive(node, "strides", rank);
        int[] dilations = positive(node, "dilations", rank);
        for (int k : kernelShape) {
            if (k < 1) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "kernel extents must be positive");
            }
        }
        String autoPad = node.stringAttribute("auto_pad", "NOTSET");
        long[] pads = node.intsAttribute("pads");
        int[] padBegin = new int[rank];
        int[] padEnd = new int[rank];
        int[] output = new int[rank];
        for (int d = 0; d < rank; d++) {
            long extent = (long) (kernelShape[d] - 1) * dilations[d] + 1;
            long out;
            switch (autoPad) {
                case "NOTSET" -> {
                    if (pads != null) {
                        if (pads.length != 2 * rank) {
                            throw node.fail(NnErrorCode.INVALID_MODEL, "pads must have " + 2 * rank + " values");
                        }
                        padBegin[d] = nonNegative(node, pads[d]);
                        padEnd[d] = nonNegative(node, pads[d + rank]);
                    }
                    long span = (long) input[d] + padBegin[d] + padEnd[d] - extent;
                    if (span < 0) {
                        throw node.fail(NnErrorCode.SHAPE_MISMATCH, "window is larger than the padded input " + x);
                    }
                    out = ceilMode ? ceilDiv(span, strides[d]) + 1 : span / strides[d] + 1;
                    // Round-up mode never starts a window in the end padding (as ONNX and PyTorch do).
                    if (ceilMode && (out - 1) * strides[d] >= (long) input[d] + padBegin[d]) {
                        out--;
                    }
                }
                case "VALID" -> {
                    long span = input[d] - extent;
                    if (span < 0) {
                        throw node.fail(NnErrorCode.SHAPE_MISMATCH, "window is larger than the input " + x);
                    }
                    out = span / strides[d] + 1;
                }
                case "SAME_UPPER", "SAME_LOWER" -> {
                    out = ceilDiv(input[d], strides[d]);
                    long total = Math.max(0, (out - 1) * strides[d] + extent - input[d]);
                    if (total > Integer.MAX_VALUE / 4) {
                        throw node.fail(NnErrorCode.LIMIT_EXCEEDED, "padding too large");
                    }
                    long half = total / 2;
                    long begin = autoPad.equals("SAME_UPPER") ? half : total - half;
                    padBegin[d] = (int) begin;
                    padEnd[d] = (int) (total - begin);
                }
                default -> throw node.fail(NnErrorCode.INVALID_MODEL, "auto_pad '" + autoPad + "' is not known");
            }
            if (out > Integer.MAX_VALUE) {
                throw node.fail(NnErrorCode.LIMIT_EXCEEDED, "output extent too large");
            }
            output[d] = (int) out;
        }
        return new SlidingWindow(input, kernelShape.clone(), strides, dilations, padBegin, padEnd, output);
    }

    /** Number of output positions. */
    int outputSize() {
        int n = 1;
        for (int o : output) {
            n *= o;
        }
        return n;
    }

    int inputSize() {
        int n = 1;
        for (int i : input) {
            n *= i;
        }
        return n;
    }

    /** Taps per window. */
    int kernelSize() {
        int n = 1;
        for (int k : kernel) {
            n *= k;
        }
        return n;
    }

    /** Whether every window is exactly the input element it starts at (1x1 kernel, stride 1, no padding). */
    boolean isPointwise() {
        for (int d = 0; d < rank; d++) {
            if (kernel[d] != 1 || strides[d] != 1 || padBegin[d] != 0 || padEnd[d] != 0) {
                return false;
            }
        }
        return true;
    }

    /** The spatial extents of the output with N and C in front, within the node's element limit. */
    Shape outputShape(NodeContext node, int n, int c) {
        long[] dims = new long[rank + 2];
        dims[0] = n;
        dims[1] = c;
        for (int d = 0; d < rank; d++) {
            dims[d + 2] = output[d];
        }
        Shape shape = Shape.ofLongs(dims, node.limits().maxTensorElements());
        if (shape == null) {
            throw node.fail(NnErrorCode.LIMIT_EXCEEDED, "output " + Arrays.toString(dims) + " is too large");
        }
        return shape;
    }

    /** The ints attribute, one positive value per spatial dimension, 1 for each when absent. */
    private static int[] positive(NodeContext node, String name, int rank) {
        long[] values = node.intsAttribute(name);
        int[] out = new int[rank];
        if (values == null || values.length == 0) {
            Arrays.fill(out, 1);
            return out;
        }
        if (values.length != rank) {
            throw node.fail(NnErrorCode.INVALID_MODEL, name + " must have " + rank + " values");
        }
        for (int d = 0; d < rank; d++) {
            if (values[d] < 1 || values[d] > Integer.MAX_VALUE) {
                throw node.fail(NnErrorCode.INVALID_MODEL, name + " must be positive");
            }
            out[d] = (int) values[d];
        }
        return out;
    }

    private static int nonNegative(NodeContext node, long pad) {
        if (pad < 0 || pad > Integer.MAX_VALUE / 4) {
            throw node.fail(
                    NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                    "pads must be between 0 and " + Integer.MAX_VALUE / 4 + ", is " + pad);
        }
        return (int) pad;
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }
}
