package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * QLinearConv: the exact int32 convolution of {@code x - x_zero_point} with {@code w - w_zero_point}
 * (see {@link QuantizedConv}), plus the int32 bias {@code B} (added in 64 bits, so it never wraps),
 * requantized with the multiplier {@code (x_scale * w_scale) / y_scale} in float (w_scale per output
 * channel or scalar) by {@link Quantization#requantize}. x and y scales and zero points are scalars.
 */
public final class QLinearConvOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(8, 9, 1, 1);
        node.requireDType(1, DType.FLOAT);
        node.requireDType(4, DType.FLOAT);
        node.requireDType(6, DType.FLOAT);
        DType outType = node.requireDType(7, DType.INT8, DType.UINT8);
        QuantizedConv conv = QuantizedConv.plan(node, 0, 2, 3, 5);
        ConvGeometry geometry = conv.geometry();
        int channels = geometry.outChannels;
        requireScalar(node, 1, "x_scale");
        requireScalar(node, 6, "y_scale");
        requireScalar(node, 7, "y_zero_point");
        boolean wScalePerChannel = QuantParameters.perIndex(node, 4, channels, "output channel");
        boolean hasBias = node.hasInput(8);
        if (hasBias) {
            node.requireDType(8, DType.INT32);
            if (!node.shape(8).equals(Shape.of(channels))) {
                throw node.fail(
                        NnErrorCode.SHAPE_MISMATCH, "bias " + node.shape(8) + " must have " + channels + " values");
            }
        }
        boolean unsigned = outType == DType.UINT8;
        int lo = Quantization.min(outType);
        int hi = Quantization.max(outType);
        int per = geometry.outPerGroup;
        int positions = conv.positions();
        QuantizedConv.TileSink requantize = (io, n, g, first, count, acc) -> {
            float xScale = io.floatIn(1)[0];
            float[] wScale = io.floatIn(4);
            float yScale = io.floatIn(6)[0];
            int zero = Quantization.load(io.byteIn(7), 0, unsigned);
            int[] bias = hasBias ? io.intIn(8) : null;
            byte[] y = io.byteOut(0);
            for (int j = 0; j < per; j++) {
                int channel = g * per + j;
                float multiplier = Quantization.multiplier(xScale, wScale[wScalePerChannel ? channel : 0], yScale);
                long b = bias == null ? 0 : bias[channel];
                int o = (n * channels + channel) * positions + first;
                for (int r = 0; r < count; r++) {
                    y[o + r] = (byte) Quantization.requantize(acc[j * count + r] + b, multiplier, zero, lo, hi);
                }
            }
        };
        return NodePlan.of(
                new TensorType(outType, conv.outputShape()),
                conv.work().plus(Work.elements(conv.outputs())),
                conv.units(),
                (io, from, to, scratch) -> conv.compute(io, from, to, scratch, requantize));
    }

    private static void requireScalar(NodeContext node, int i, String name) {
        if (QuantParameters.perIndex(node, i, 1, "tensor")) {
            throw node.fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, name + " must be a scalar");
        }
    }
}
