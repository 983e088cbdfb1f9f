package io.lockstep.nn.internal.kernel.elementwise;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.internal.kernel.Elements;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * Cast between the engine's dtypes. Float to integer truncates toward zero and saturates at the target's
 * range, NaN gives 0; float to bool is {@code x != 0} (NaN is true); integer to float rounds to nearest
 * even; integer to narrower integer wraps (keeps the low bits); anything to bool is {@code != 0}.
 */
public final class CastOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 1, 1, 1);
        if (!node.hasAttribute("to")) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "attribute 'to' is required");
        }
        long code = node.intAttribute("to", 0);
        DType target;
        try {
            target = DType.requireOnnxCode((int) code, "Cast target");
        } catch (NnException e) {
            throw node.fail(
                    NnErrorCode.UNSUPPORTED_DTYPE, "cast to " + DType.onnxName((int) code) + " is not supported");
        }
        // Saturation and rounding modes only concern float8 and smaller float targets.
        node.intAttribute("saturate", 1);
        node.stringAttribute("round_mode", "up");
        DType source = node.dtype(0);
        TensorType out = new TensorType(target, node.shape(0));
        int n = out.size();
        int units = (n + UnaryOperator.CHUNK - 1) / UnaryOperator.CHUNK;
        return NodePlan.of(out, Work.elements(n), units, (io, from, to, scratch) -> {
            Object in = io.in(0);
            Object dst = io.out(0);
            int end = Math.min(n, to * UnaryOperator.CHUNK);
            int start = from * UnaryOperator.CHUNK;
            if (source == target) {
                if (end > start) {
                    System.arraycopy(in, start, dst, start, end - start);
                }
                return;
            }
            for (int i = start; i < end; i++) {
                if (source == DType.FLOAT) {
                    float v = ((float[]) in)[i];
                    if (target == DType.BOOL) {
                        ((byte[]) dst)[i] = (byte) (v != 0f ? 1 : 0);
                    } else {
                        Elements.setLong(target, dst, i, saturate(target, v));
                    }
                } else {
                    long v = Elements.getLong(source, in, i);
                    if (target == DType.FLOAT) {
                        ((float[]) dst)[i] = (float) v;
                    } else {
                        Elements.setLong(target, dst, i, v);
                    }
                }
            }
        });
    }

    private static long saturate(DType target, float v) {
        return switch (target) {
            case INT64 -> (long) v;
            case INT32 -> (int) v;
            case INT8 -> Math.max(Byte.MIN_VALUE, Math.min(Byte.MAX_VALUE, (int) v));
            case UINT8 -> Math.max(0, Math.min(255, (int) v));
            default -> throw new IllegalStateException(target.name());
        };
    }
}
