package io.lockstep.nn.internal.kernel.norm;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.Broadcast;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * LayerNormalization (opset 17) of a float input over the dimensions from {@code axis} on, each such
 * line of {@code n} elements on its own, in double and in index order:
 *
 * <pre>
 *   mean = (sum_j x_j) / n
 *   var  = (sum_j (x_j - mean)^2) / n
 *   inv  = 1 / sqrt(var + epsilon)                          (StrictMath)
 *   y_j  = (float) ((x_j - mean) * inv * scale_j + bias_j)   (without B: no bias term)
 * </pre>
 *
 * Mean and InvStdDev, when asked for, are {@code (float) mean} and {@code (float) inv} with shape
 * {@code X.shape[:axis] + [1] * (rank - axis)}. Scale and B broadcast to {@code X.shape[axis:]}. One
 * unit per line. The statistics are always computed in double, whatever {@code stash_type} says.
 */
public final class LayerNormalizationOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 3, 1, 3);
        node.requireDType(0, DType.FLOAT);
        node.requireSameDType(0, 1);
        Shape x = node.shape(0);
        int rank = x.rank();
        if (rank == 0) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "X must have rank 1 or more");
        }
        int axis = node.axis(node.intAttribute("axis", -1), rank, "axis");
        double epsilon = node.floatAttribute("epsilon", 1e-5f);
        node.ignoreAttributes("stash_type");
        Shape normalized = Shape.of(Arrays.copyOfRange(x.dims(), axis, rank));
        int[] scaleMap = map(node, 1, normalized);
        boolean hasBias = node.hasInput(2);
        int[] biasMap = null;
        if (hasBias) {
            node.requireSameDType(0, 2);
            biasMap = map(node, 2, normalized);
        }
        int lines = x.sizeOf(0, axis);
        int n = normalized.size();
        int[] statDims = x.dims();
        Arrays.fill(statDims, axis, rank, 1);
        TensorType stat = new TensorType(DType.FLOAT, Shape.of(statDims));
        List<TensorType> outputs = new ArrayList<>();
        outputs.add(node.input(0));
        for (int i = 1; i < node.outputCount(); i++) {
            outputs.add(node.hasOutput(i) ? stat : null);
        }
        Work work = Work.reduced(2L * x.size()).plus(Work.elements(x.size())).plus(Work.divisions(2L * lines));
        int[] bMap = biasMap;
        int units = n == 0 ? 0 : lines;
        return NodePlan.of(outputs, work, units, (io, from, to, scratch) -> {
            float[] in = io.floatIn(0);
            float[] scale = io.floatIn(1);
            float[] bias = hasBias ? io.floatIn(2) : null;
            float[] y = io.floatOut(0);
            float[] meanOut = io.hasOutput(1) ? io.floatOut(1) : null;
            float[] invOut = io.hasOutput(2) ? io.floatOut(2) : null;
            for (int line = from; line < to; line++) {
                int base = line * n;
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += in[base + j];
                }
                double mean = sum / n;
                double squares = 0;
                for (int j = 0; j < n; j++) {
                    double d = in[base + j] - mean;
                    squares += d * d;
                }
                double inv = 1 / StrictMath.sqrt(squares / n + epsilon);
                for (int j = 0; j < n; j++) {
                    double v = (in[base + j] - mean) * inv * scale[scaleMap[j]];
                    if (bias != null) {
                        v += bias[bMap[j]];
                    }
                    y[base + j] = CanonicalNaN.round(v);
                }
                if (meanOut != null) {
                    meanOut[line] = CanonicalNaN.round(mean);
                }
                if (invOut != null) {
                    invOut[line] = CanonicalNaN.round(inv);
                }
            }
        });
    }

    /** For each element of the normalized shape, the element of input {@code i} that applies to it. */
    private static int[] map(NodeContext node, int i, Shape normalized) {
        Shape s = node.shape(i);
        if (!Broadcast.shape(node, s, normalized).equals(normalized)) {
            throw node.fail(
                    NnErrorCode.SHAPE_MISMATCH, "input " + i + " " + s + " does not broadcast to " + normalized);
        }
        return Broadcast.indexMap(normalized, s);
    }
}
