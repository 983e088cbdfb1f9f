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
 * unit per line (a kernel call computes the statistics of four lines side by side, which changes no
 * bit). The statistics are always computed in double, whatever {@code stash_type} says.
 */
public final class LayerNormalizationOperator implements Operator {
    private static final int LINES_AT_ONCE = 4;

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
            double[] mean = new double[LINES_AT_ONCE];
            double[] inv = new double[LINES_AT_ONCE];
            // scale and bias widened to double (exactly) and laid out along the line, once per call
            double[] scaleLine = scratch.doubles(0, n);
            double[] biasLine = scratch.doubles(1, n);
            boolean finiteParameters = true;
            for (int j = 0; j < n; j++) {
                scaleLine[j] = scale[scaleMap[j]];
                biasLine[j] = bias == null ? 0.0 : bias[bMap[j]];
                finiteParameters &= isFinite(scaleLine[j]) && isFinite(biasLine[j]);
            }
            double[] d = scratch.doubles(2, n);
            for (int line = from; line < to; line += LINES_AT_ONCE) {
                int count = Math.min(LINES_AT_ONCE, to - line);
                if (count == LINES_AT_ONCE) {
                    statisticsOfFour(in, line * n, n, epsilon, mean, inv);
                } else {
                    for (int l = 0; l < count; l++) {
                        statisticsOfOne(in, (line + l) * n, n, epsilon, mean, inv, l);
                    }
                }
                for (int l = 0; l < count; l++) {
                    int base = (line + l) * n;
                    double m = mean[l];
                    double s = inv[l];
                    // widening, arithmetic and rounding in loops of their own, which the JIT vectorizes
                    for (int j = 0; j < n; j++) {
                        d[j] = in[base + j];
                    }
                    if (bias != null) {
                        for (int j = 0; j < n; j++) {
                            d[j] = (d[j] - m) * s * scaleLine[j] + biasLine[j];
                        }
                    } else {
                        for (int j = 0; j < n; j++) {
                            d[j] = (d[j] - m) * s * scaleLine[j];
                        }
                    }
                    for (int j = 0; j < n; j++) {
                        y[base + j] = (float) d[j];
                    }
                    // With a finite mean (every x finite), finite inv and finite parameters each term stays
                    // far inside the double range, so no NaN can appear and the scan for one is skipped.
                    if (!(finiteParameters && isFinite(m) && isFinite(s))) {
                        CanonicalNaN.canonicalize(y, base, base + n);
                    }
                    if (meanOut != null) {
                        meanOut[line + l] = CanonicalNaN.round(m);
                    }
                    if (invOut != null) {
                        invOut[line + l] = CanonicalNaN.round(s);
                    }
                }
            }
        });
    }

    /**
     * The statistics of one line: its mean and {@code 1 / sqrt(var + epsilon)}, each sum in ascending
     * index order.
     */
    private static void statisticsOfOne(
            float[] in, int base, int n, double epsilon, double[] mean, double[] inv, int slot) {
        double sum = 0;
        for (int j = 0; j < n; j++) {
            sum += in[base + j];
        }
        double m = sum / n;
        double squares = 0;
        for (int j = 0; j < n; j++) {
            double d = in[base + j] - m;
            squares += d * d;
        }
        mean[slot] = m;
        inv[slot] = 1 / StrictMath.sqrt(squares / n + epsilon);
    }

    /**
     * The statistics of four consecutive lines, each exactly as {@link #statisticsOfOne} computes it (the
     * same sums in the same order); the four independent sums run side by side, so that each waits for
     * its own previous addition only, not for the others'.
     */
    private static void statisticsOfFour(float[] in, int base, int n, double epsilon, double[] mean, double[] inv) {
        int b0 = base;
        int b1 = base + n;
        int b2 = base + 2 * n;
        int b3 = base + 3 * n;
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        for (int j = 0; j < n; j++) {
            s0 += in[b0 + j];
            s1 += in[b1 + j];
            s2 += in[b2 + j];
            s3 += in[b3 + j];
        }
        double m0 = s0 / n;
        double m1 = s1 / n;
        double m2 = s2 / n;
        double m3 = s3 / n;
        double q0 = 0;
        double q1 = 0;
        double q2 = 0;
        double q3 = 0;
        for (int j = 0; j < n; j++) {
            double d0 = in[b0 + j] - m0;
            double d1 = in[b1 + j] - m1;
            double d2 = in[b2 + j] - m2;
            double d3 = in[b3 + j] - m3;
            q0 += d0 * d0;
            q1 += d1 * d1;
            q2 += d2 * d2;
            q3 += d3 * d3;
        }
        mean[0] = m0;
        mean[1] = m1;
        mean[2] = m2;
        mean[3] = m3;
        inv[0] = 1 / StrictMath.sqrt(q0 / n + epsilon);
        inv[1] = 1 / StrictMath.sqrt(q1 / n + epsilon);
        inv[2] = 1 / StrictMath.sqrt(q2 / n + epsilon);
        inv[3] = 1 / StrictMath.sqrt(q3 / n + epsilon);
    }

    private static boolean isFinite(double v) {
        return v - v == 0.0;
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
