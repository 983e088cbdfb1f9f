package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.Shape;

/**
 * Which scale and zero point applies to each element of a QuantizeLinear or DequantizeLinear input:
 * one for the whole tensor, one per index along {@code axis}, or (opset 21 blocked quantization) one
 * per block of {@code block_size} indices along {@code axis}. The tensor is cut into units whose
 * elements use either one parameter or consecutive parameters: a unit starts at parameter
 * {@link #parameter(int)} and steps by {@link #parameterStride()} per element.
 */
final class ParameterLayout {
    /** Elements per unit of a per-tensor layout. */
    static final int CHUNK = 4096;

    private enum Kind {
        PER_TENSOR,
        PER_AXIS,
        BLOCKED
    }

    private final Kind kind;
    private final int size;
    private final int unitLength;
    private final int units;
    private final int axisLength;
    private final int blockSize;
    private final int blocks;

    private ParameterLayout(Kind kind, int size, int unitLength, int axisLength, int blockSize) {
        this.kind = kind;
        this.size = size;
        this.unitLength = unitLength;
        this.units = size == 0 ? 0 : (size + unitLength - 1) / unitLength;
        this.axisLength = axisLength;
        this.blockSize = blockSize;
        this.blocks = blockSize == 0 ? 0 : (axisLength + blockSize - 1) / blockSize;
    }

    /**
     * The layout of {@code scale} (and a zero point of the same shape) over {@code x}, or an error:
     * a scale of one element is per tensor; with {@code blockSize == 0} a 1-D scale as long as
     * {@code x}'s {@code axis} dimension is per axis; with {@code blockSize > 0} the scale has {@code
     * x}'s shape except {@code ceil(dim / blockSize)} along {@code axis}.
     *
     * @param axisAllowed whether the opset has the {@code axis} attribute (13 and later)
     */
    static ParameterLayout of(
            NodeContext node, Shape x, Shape scale, Shape zeroPoint, boolean axisAllowed, long axis, long blockSize) {
        if (zeroPoint != null && !zeroPoint.equals(scale)) {
            throw node.fail(
                    NnErrorCode.SHAPE_MISMATCH, "zero point shape " + zeroPoint + " differs from scale shape " + scale);
        }
        if (blockSize < 0) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "block_size must not be negative, is " + blockSize);
        }
        if (blockSize == 0 && scale.size() == 1 && scale.rank() <= 1) {
            return new ParameterLayout(Kind.PER_TENSOR, x.size(), CHUNK, 1, 0);
        }
        if (!axisAllowed) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "scale must be a scalar before opset 13, is " + scale);
        }
        int a = node.axis(axis, x.rank(), "axis");
        int inner = x.sizeOf(a + 1, x.rank());
        int axisLength = x.dim(a);
        if (blockSize == 0) {
            if (scale.rank() != 1 || scale.dim(0) != axisLength) {
                throw node.fail(
                        NnErrorCode.SHAPE_MISMATCH,
                        "scale " + scale + " is neither a scalar nor a vector along axis " + a + " of " + x);
            }
            return new ParameterLayout(Kind.PER_AXIS, x.size(), inner, axisLength, 0);
        }
        if (blockSize > Integer.MAX_VALUE) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "block_size " + blockSize + " is too large");
        }
        boolean fits = scale.rank() == x.rank();
        for (int d = 0; fits && d < x.rank(); d++) {
            long expected = d == a ? (axisLength + blockSize - 1) / blockSize : x.dim(d);
            fits = scale.dim(d) == expected;
        }
        if (!fits) {
            throw node.fail(
                    NnErrorCode.SHAPE_MISMATCH,
                    "scale " + scale + " does not block " + x + " by " + blockSize + " along axis " + a);
        }
        return new ParameterLayout(Kind.BLOCKED, x.size(), inner, axisLength, (int) blockSize);
    }

    int units() {
        return units;
    }

    /** First element of the unit. */
    int start(int unit) {
        return unit * unitLength;
    }

    /** One past the last element of the unit. */
    int end(int unit) {
        return Math.min(size, start(unit) + unitLength);
    }

    /** Index of the scale (and zero point) of the unit's first element. */
    int parameter(int unit) {
        return switch (kind) {
            case PER_TENSOR -> 0;
            case PER_AXIS -> unit % axisLength;
            case BLOCKED -> ((unit / axisLength) * blocks + (unit % axisLength) / blockSize) * unitLength;
        };
    }

    /** 0 when every element of a unit has the same parameter, 1 when they step through them. */
    int parameterStride() {
        return kind == Kind.BLOCKED ? 1 : 0;
    }
}
