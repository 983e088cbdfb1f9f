package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.Shape;

/** Shapes of the scales and zero points of the quantized matrix and convolution operators. */
final class QuantParameters {
    private QuantParameters() {}

    /**
     * Whether input {@code i} holds one value per index ({@code length} of them, a 1-D tensor) rather
     * than one value for the whole tensor (a scalar or a single element); any other shape is refused.
     *
     * @param what what one value applies to, for the error: "row", "column", "output channel"
     */
    static boolean perIndex(NodeContext node, int i, int length, String what) {
        Shape shape = node.shape(i);
        if (shape.size() == 1 && shape.rank() <= 1) {
            return false;
        }
        if (shape.rank() == 1 && shape.dim(0) == length) {
            return true;
        }
        throw node.fail(
                NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                "input " + i + " of shape " + shape + " is not supported (a scalar, or one value per " + what + ", "
                        + length + " values)");
    }
}
