package io.lockstep.nn.internal.kernel.elementwise;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.kernel.Elements;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * Clip: {@code y = min(max(x, lo), hi)}, computed as {@code v = x < lo ? lo : x; y = v > hi ? hi : v},
 * so NaN passes through and {@code lo > hi} gives {@code hi}. Bounds are attributes before opset 11,
 * optional scalar inputs after (read when the kernel runs, so they need not be constant).
 */
public final class ClipOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        TensorType type = node.input(0);
        DType dtype = node.requireDType(0, DType.FLOAT, DType.INT32, DType.INT64, DType.INT8, DType.UINT8);
        int n = type.size();
        int units = (n + UnaryOperator.CHUNK - 1) / UnaryOperator.CHUNK;
        if (node.opset() < 11) {
            node.requireArity(1, 1, 1, 1);
            float lo = node.floatAttribute("min", Float.NEGATIVE_INFINITY);
            float hi = node.floatAttribute("max", Float.POSITIVE_INFINITY);
            if (dtype != DType.FLOAT) {
                throw node.fail(NnErrorCode.UNSUPPORTED_DTYPE, "Clip before opset 11 takes float only");
            }
            return NodePlan.of(
                    type,
                    Work.elements(n),
                    units,
                    (io, from, to, scratch) -> clipFloats(
                            io.floatIn(0),
                            io.floatOut(0),
                            from * UnaryOperator.CHUNK,
                            Math.min(n, to * UnaryOperator.CHUNK),
                            lo,
                            hi));
        }
        node.requireArity(1, 3, 1, 1);
        for (int i = 1; i < 3; i++) {
            if (node.hasInput(i)) {
                node.requireSameDType(0, i);
                if (node.input(i).size() != 1) {
                    throw node.fail(NnErrorCode.SHAPE_MISMATCH, "bound " + i + " must be a scalar");
                }
            }
        }
        boolean hasLo = node.hasInput(1);
        boolean hasHi = node.hasInput(2);
        if (dtype == DType.FLOAT) {
            return NodePlan.of(type, Work.elements(n), units, (io, from, to, scratch) -> {
                float lo = hasLo ? io.floatIn(1)[0] : Float.NEGATIVE_INFINITY;
                float hi = hasHi ? io.floatIn(2)[0] : Float.POSITIVE_INFINITY;
                clipFloats(
                        io.floatIn(0),
                        io.floatOut(0),
                        from * UnaryOperator.CHUNK,
                        Math.min(n, to * UnaryOperator.CHUNK),
                        lo,
                        hi);
            });
        }
        return NodePlan.of(type, Work.elements(n), units, (io, from, to, scratch) -> {
            long lo = hasLo ? Elements.getLong(dtype, io.in(1), 0) : Long.MIN_VALUE;
            long hi = hasHi ? Elements.getLong(dtype, io.in(2), 0) : Long.MAX_VALUE;
            Object in = io.in(0);
            Object out = io.out(0);
            int end = Math.min(n, to * UnaryOperator.CHUNK);
            for (int i = from * UnaryOperator.CHUNK; i < end; i++) {
                long v = Elements.getLong(dtype, in, i);
                v = v < lo ? lo : v;
                Elements.setLong(dtype, out, i, v > hi ? hi : v);
            }
        });
    }

    private static void clipFloats(float[] in, float[] out, int from, int to, float lo, float hi) {
        for (int i = from; i < to; i++) {
            float v = in[i];
            v = v < lo ? lo : v;
            out[i] = v > hi ? hi : v;
        }
    }
}
