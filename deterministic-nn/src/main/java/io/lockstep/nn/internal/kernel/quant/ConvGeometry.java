package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.Shape;
import java.util.Arrays;

/**
 * The geometry of an ONNX convolution with 1 to 3 spatial dimensions ({@code kernel_shape}, {@code
 * strides}, {@code dilations}, {@code pads} or {@code auto_pad}, {@code group}), held as 3-D with
 * leading spatial dimensions of 1, and the gathering of one output position's receptive field (its
 * "patch", im2row) in the weight's order {@code (channel, kd, kh, kw)}.
 */
final class ConvGeometry {
    final int batch;
    final int channels;
    final int groups;
    final int outChannels;
    final int channelsPerGroup;
    final int outPerGroup;
    private final int spatialRank;
    private final int[] in = new int[3];
    private final int[] kernel = new int[3];
    private final int[] stride = new int[3];
    private final int[] dilation = new int[3];
    private final int[] padBegin = new int[3];
    private final int[] out = new int[3];

    private ConvGeometry(NodeContext node, Shape x, Shape w) {
        if (x.rank() < 3 || x.rank() > 5) {
            throw node.fail(
                    NnErrorCode.UNSUPPORTED_ATTRIBUTE, "input " + x + " is not supported (1 to 3 spatial dimensions)");
        }
        if (w.rank() != x.rank()) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "weight " + w + " does not match input " + x);
        }
        spatialRank = x.rank() - 2;
        batch = x.dim(0);
        channels = x.dim(1);
        outChannels = w.dim(0);
        long group = node.intAttribute("group", 1);
        if (group < 1 || channels % group != 0 || outChannels % group != 0) {
            throw node.fail(
                    NnErrorCode.INVALID_MODEL,
                    "group " + group + " does not divide " + channels + " input and " + outChannels
                            + " output channels");
        }
        groups = (int) group;
        channelsPerGroup = channels / groups;
        outPerGroup = outChannels / groups;
        if (w.dim(1) != channelsPerGroup) {
            throw node.fail(
                    NnErrorCode.SHAPE_MISMATCH,
                    "weight " + w + " needs " + channelsPerGroup + " channels per group, input is " + x);
        }
        long[] kernelShape = node.intsAttribute("kernel_shape");
        long[] strides = ints(node, "strides", spatialRank);
        long[] dilations = ints(node, "dilations", spatialRank);
        long[] pads = node.intsAttribute("pads");
        String autoPad = node.stringAttribute("auto_pad", "NOTSET");
        if (pads != null && pads.length != 2 * spatialRank) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "pads must have " + 2 * spatialRank + " values");
        }
        int lead = 3 - spatialRank;
        Arrays.fill(in, 1);
        Arrays.fill(kernel, 1);
        Arrays.fill(stride, 1);
        Arrays.fill(dilation, 1);
        Arrays.fill(out, 1);
        for (int d = 0; d < spatialRank; d++) {
            int s = lead + d;
            in[s] = x.dim(2 + d);
            kernel[s] = w.dim(2 + d);
            if (kernelShape != null && (kernelShape.length != spatialRank || kernelShape[d] != kernel[s])) {
                throw node.fail(
                        NnErrorCode.SHAPE_MISMATCH,
                        "kernel_shape " + Arrays.toString(kernelShape) + " differs from the weight " + w);
            }
            if (strides[d] < 1
                    || strides[d] > Integer.MAX_VALUE
                    || dilations[d] < 1
                    || dilations[d] > Integer.MAX_VALUE) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "strides and dilations must be positive");
            }
            stride[s] = (int) strides[d];
            dilation[s] = (int) dilations[d];
            long extent = (long) (kernel[s] - 1) * dilation[s] + 1;
            long begin;
            long end;
            switch (autoPad) {
                case "NOTSET" -> {
                    begin = pads == null ? 0 : pads[d];
                    end = pads == null ? 0 : pads[d + spatialRank];
                }
                case "VALID" -> {
                    begin = 0;
                    end = 0;
                }
                case "SAME_UPPER", "SAME_LOWER" -> {
                    long target = (in[s] + (long) stride[s] - 1) / stride[s];
                    long total = Math.max(0, (target - 1) * stride[s] + extent - in[s]);
                    begin = autoPad.equals("SAME_UPPER") ? total / 2 : total - total / 2;
                    end = total - begin;
                }
                default -> throw node.fail(NnErrorCode.INVALID_MODEL, "auto_pad '" + autoPad + "' is not valid");
            }
            if (begin < 0 || end < 0 || begin > Integer.MAX_VALUE || end > Integer.MAX_VALUE) {
                throw node.fail(
                        NnErrorCode.INVALID_MODEL,
                        "pads must be between 0 and " + Integer.MAX_VALUE + ", are " + begin + " and " + end);
            }
            long size = (in[s] + begin + end - extent) / stride[s] + 1;
            if (in[s] + begin + end < extent || size > Integer.MAX_VALUE) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "the kernel " + w + " does not fit the padded input " + x);
            }
            padBegin[s] = (int) begin;
            out[s] = (int) size;
        }
    }

    static ConvGeometry of(NodeContext node, Shape x, Shape w) {
        return new ConvGeometry(node, x, w);
    }

    /** An attribute of one value per spatial dimension, all 1 when absent. */
    private static long[] ints(NodeContext node, String name, int rank) {
        long[] values = node.intsAttribute(name);
        if (values == null) {
            values = new long[rank];
            Arrays.fill(values, 1);
        } else if (values.length != rank) {
            throw node.fail(NnErrorCode.INVALID_MODEL, name + " must have " + rank + " values");
        }
        return values;
    }

    /** {@code [N, M, out spatial...]}. */
    Shape outputShape() {
        int[] dims = new int[2 + spatialRank];
        dims[0] = batch;
        dims[1] = outChannels;
        for (int d = 0; d < spatialRank; d++) {
            dims[2 + d] = out[3 - spatialRank + d];
        }
        return Shape.of(dims);
    }

    /** Output positions per (image, channel). */
    int positions() {
        return out[0] * out[1] * out[2];
    }

    /** Length of a patch, the depth of the product: channels per group times kernel elements. */
    long depth() {
        return (long) channelsPerGroup * kernel[0] * kernel[1] * kernel[2];
    }

    /**
     * Packs the receptive fields of output positions {@code [first, first + count)} of image {@code n},
     * group {@code g} as the right operand of {@link Int8Gemm#multiply}: a {@code depth x count} matrix
     * (im2col) in one panel ({@code count <= Int8Gemm.PANEL}), row {@code (channel, kd, kh, kw)} in the
     * weight's order held in {@code dst[row][0 .. count)}, each value the input minus {@code zeroPoint},
     * 0 where the kernel reaches into the padding (padding holds the zero point).
     */
    void packColumns(byte[] x, boolean unsigned, int zeroPoint, int n, int g, int first, int count, float[][] dst) {
        int plane = in[1] * in[2];
        int p = 0;
        for (int c = 0; c < channelsPerGroup; c++) {
            int channelBase = (n * channels + g * channelsPerGroup + c) * in[0] * plane;
            for (int kd = 0; kd < kernel[0]; kd++) {
                for (int kh = 0; kh < kernel[1]; kh++) {
                    for (int kw = 0; kw < kernel[2]; kw++, p++) {
                        packPatchRow(x, unsigned, zeroPoint, channelBase, kd, kh, kw, first, count, dst[p]);
                    }
                }
            }
        }
    }

    /**
     * One row of the im2col tile, output row by output row: along an output row only the innermost
     * input index moves, so the padding is two ranges found by division, and the values between are
     * read at a fixed stride without per-element bounds tests.
     */
    private void packPatchRow(
            byte[] x,
            boolean unsigned,
            int zeroPoint,
            int channelBase,
            int kd,
            int kh,
            int kw,
            int first,
            int count,
            float[] row) {
        int s = stride[2];
        int shift = kw * dilation[2] - padBegin[2];
        // Output columns whose input column ow * s + shift lies in [0, in[2]): [owLo, owHi).
        int owLo = shift >= 0 ? 0 : (-shift + s - 1) / s;
        int owHi = in[2] - shift <= 0 ? 0 : (in[2] - shift + s - 1) / s;
        int j = 0;
        int pos = first;
        while (j < count) {
            int ow = pos % out[2];
            int oh = (pos / out[2]) % out[1];
            int od = pos / (out[2] * out[1]);
            int run = Math.min(count - j, out[2] - ow);
            int id = od * stride[0] - padBegin[0] + kd * dilation[0];
            int ih = oh * stride[1] - padBegin[1] + kh * dilation[1];
            int lo = run;
            int hi = run;
            if (id >= 0 && id < in[0] && ih >= 0 && ih < in[1]) {
                hi = Math.max(0, Math.min(run, owHi - ow));
                lo = Math.min(hi, Math.max(0, owLo - ow));
            }
            Arrays.fill(row, j, j + lo, 0f);
            int src = channelBase + id * in[1] * in[2] + ih * in[2] + (ow + lo) * s + shift;
            if (unsigned) {
                for (int t = j + lo; t < j + hi; t++, src += s) {
                    row[t] = (x[src] & 0xff) - zeroPoint;
                }
            } else {
                for (int t = j + lo; t < j + hi; t++, src += s) {
                    row[t] = x[src] - zeroPoint;
                }
            }
            Arrays.fill(row, j + hi, j + run, 0f);
            j += run;
            pos += run;
        }
    }
}
