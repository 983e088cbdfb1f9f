package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.List;

/**
 * DynamicQuantizeLinear: quantizes a float tensor to uint8 with a scale and zero point computed from
 * its range, in float, in this order (the ONNX formula):
 *
 * <pre>
 * min = min(0, x...)   max = max(0, x...)          (NaN elements are ignored)
 * scale = max == min ? 1 : (max - min) / 255
 * zp = rint(clamp(0 - min / scale, 0, 255))         (a NaN before the clamp gives 0)
 * y = clamp(rint(x / scale) + zp, 0, 255)           (see {@link Quantization})
 * </pre>
 *
 * Minimum and maximum are exact, so their order does not matter; the kernel is one unit, since every
 * element needs the scale.
 */
public final class DynamicQuantizeLinearOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 1, 3, 3);
        node.requireDType(0, DType.FLOAT);
        Shape shape = node.shape(0);
        int n = shape.size();
        List<TensorType> outputs = List.of(
                new TensorType(DType.UINT8, shape),
                new TensorType(DType.FLOAT, Shape.SCALAR),
                new TensorType(DType.UINT8, Shape.SCALAR));
        Work work = Work.reduced(n).plus(Work.divisions(n)).plus(Work.elements(n));
        return NodePlan.of(outputs, work, 1, (io, from, to, scratch) -> {
            if (from >= to) {
                return;
            }
            float[] x = io.floatIn(0);
            float min = 0f;
            float max = 0f;
            for (float v : x) {
                if (v < min) {
                    min = v;
                }
                if (v > max) {
                    max = v;
                }
            }
            float scale = scale(min, max);
            int zeroPoint = zeroPoint(min, scale);
            byte[] y = io.byteOut(0);
            for (int i = 0; i < n; i++) {
                y[i] = (byte) Quantization.quantize(x[i], scale, zeroPoint, 0, 255);
            }
            if (io.hasOutput(1)) {
                io.floatOut(1)[0] = CanonicalNaN.of(scale);
            }
            if (io.hasOutput(2)) {
                io.byteOut(2)[0] = (byte) zeroPoint;
            }
        });
    }

    /** The scale for a range that contains 0; 1 for the empty range of an all-zero input. */
    static float scale(float min, float max) {
        return max == min ? 1f : (max - min) / 255f;
    }

    static int zeroPoint(float min, float scale) {
        float initial = 0f - min / scale;
        float clamped = initial >= 0f ? Math.min(initial, 255f) : 0f;
        return (int) Math.rint(clamped);
    }
}
