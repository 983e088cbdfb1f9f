package io.lockstep.nn.internal.kernel.reduce;

import io.lockstep.nn.DType;
import io.lockstep.nn.internal.kernel.elementwise.FloatExp;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.Work;

/**
 * Softmax and LogSoftmax. From opset 13 over one axis (default -1); before, over all dimensions from
 * {@code axis} (default 1) on, the input seen as 2-D. One unit per line; per line, in index order:
 *
 * <pre>
 *   m   = max x_j                                 (float)
 *   d_j = x_j - m                                 (float)
 *   Softmax:    e_j = (float) exp((double) d_j);  s = sum_j (double) e_j;  y_j = (float) (e_j / s)
 *   LogSoftmax: s = sum_j exp((double) d_j);      y_j = (float) ((double) d_j - log(s))
 * </pre>
 *
 * with the sums in double in ascending j. Softmax's exp is {@link FloatExp}, which rounds to the same float as
 * {@code StrictMath.exp} for every float argument; LogSoftmax, which sums the unrounded exponentials, keeps
 * {@code StrictMath} exp and log.
 */
public final class SoftmaxOperator implements Operator {
    /**
     * Elements of a line handled per pass: each step (differences, exponentials, rounding, quotients) runs
     * over a block in a loop of its own, in double scratch arrays, which the JIT compiles to vector code;
     * the sums still add the elements one at a time in ascending j.
     */
    private static final int BLOCK = 1024;

    private final boolean log;

    public SoftmaxOperator(boolean log) {
        this.log = log;
    }

    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 1, 1, 1);
        node.requireDType(0, DType.FLOAT);
        Shape in = node.shape(0);
        int rank = in.rank();
        int outer;
        int len;
        int inner;
        if (node.opset() >= 13) {
            int axis = node.axis(node.intAttribute("axis", -1), Math.max(rank, 1), "axis");
            if (rank == 0) {
                outer = 1;
                len = 1;
                inner = 1;
            } else {
                outer = in.sizeOf(0, axis);
                len = in.dim(axis);
                inner = in.sizeOf(axis + 1, rank);
            }
        } else {
            long a = node.intAttribute("axis", 1);
            int axis = (int) (a < 0 ? a + rank : a);
            if (axis < 0 || axis > rank) {
                throw node.fail(io.lockstep.nn.NnErrorCode.INVALID_MODEL, "axis " + a + " out of range");
            }
            outer = in.sizeOf(0, axis);
            len = in.sizeOf(axis, rank);
            inner = 1;
        }
        int lines = len == 0 ? 0 : outer * inner;
        long n = in.size();
        Work work = log
                ? Work.transcendentals(n + lines).plus(Work.reduced(2 * n))
                : Work.transcendentals(n).plus(Work.reduced(2 * n)).plus(Work.divisions(n));
        boolean logSoftmax = log;
        return NodePlan.of(node.input(0), work, lines, (io, from, to, scratch) -> {
            float[] x = io.floatIn(0);
            float[] y = io.floatOut(0);
            boolean shortLines = !logSoftmax && inner == 1 && len <= BLOCK / 2;
            int linesAtOnce = shortLines ? BLOCK / len : 1;
            int block = shortLines ? linesAtOnce * len : Math.min(len, BLOCK);
            double[] d = scratch.doubles(0, block);
            double[] k = scratch.doubles(1, block);
            if (shortLines) {
                double[] sums = scratch.doubles(3, linesAtOnce);
                for (int l = from; l < to; l += linesAtOnce) {
                    shortLines(x, y, l * len, Math.min(linesAtOnce, to - l), len, d, k, sums);
                }
                return;
            }
            float[] line = logSoftmax || inner == 1 ? null : scratch.floats(2, 2 * len);
            for (int l = from; l < to; l++) {
                int base = (l / inner) * len * inner + l % inner;
                if (logSoftmax) {
                    logSoftmax(x, y, base, inner, len);
                } else if (inner == 1) {
                    softmax(x, y, base, len, d, k);
                } else {
                    // a strided line is gathered, computed contiguously (the same operations) and scattered
                    for (int j = 0; j < len; j++) {
                        line[j] = x[base + j * inner];
                    }
                    softmax(line, line, 0, len, len, d, k);
                    for (int j = 0; j < len; j++) {
                        y[base + j * inner] = line[len + j];
                    }
                }
            }
        });
    }

    private static float max(float[] x, int base, int stride, int len) {
        float m = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < len; j++) {
            float v = x[base + j * stride];
            if (v > m) {
                m = v;
            }
        }
        return m;
    }

    /**
     * Softmax of {@code count} consecutive contiguous lines from {@code base}, {@code count * len} at most
     * {@link #BLOCK}: each line computed exactly as {@link #softmax(float[], float[], int, int, double[],
     * double[])} does, but each step runs once over all the lines, so that short lines (attention rows)
     * do not pay a loop's start-up seven times each.
     */
    private static void shortLines(
            float[] x, float[] y, int base, int count, int len, double[] d, double[] k, double[] sums) {
        int n = count * len;
        for (int l = 0; l < count; l++) {
            int o = base + l * len;
            float m = max(x, o, 1, len);
            for (int j = 0; j < len; j++) {
                d[l * len + j] = x[o + j] - m;
            }
        }
        FloatExp.exp(d, k, 0, n);
        for (int j = 0; j < n; j++) {
            y[base + j] = (float) d[j];
        }
        for (int l = 0; l < count; l++) {
            int o = base + l * len;
            double sum = 0;
            for (int j = 0; j < len; j++) {
                sum += y[o + j];
            }
            sums[l] = sum;
        }
        for (int j = 0; j < n; j++) {
            d[j] = y[base + j];
        }
        for (int l = 0; l < count; l++) {
            double sum = sums[l];
            int o = l * len;
            for (int j = 0; j < len; j++) {
                d[o + j] = d[o + j] / sum;
            }
        }
        for (int j = 0; j < n; j++) {
            y[base + j] = (float) d[j];
        }
        CanonicalNaN.canonicalize(y, base, base + n);
    }

    /** Softmax of the contiguous line {@code x[in, in + len)}, written to the same place in {@code y}. */
    private static void softmax(float[] x, float[] y, int in, int len, double[] d, double[] k) {
        softmax(x, y, in, in, len, d, k);
    }

    private static void softmax(float[] x, float[] y, int in, int out, int len, double[] d, double[] k) {
        float m = max(x, in, 1, len);
        double sum = 0;
        for (int from = 0; from < len; from += BLOCK) {
            int n = Math.min(BLOCK, len - from);
            int xo = in + from;
            int yo = out + from;
            for (int j = 0; j < n; j++) {
                d[j] = x[xo + j] - m;
            }
            FloatExp.exp(d, k, 0, n);
            for (int j = 0; j < n; j++) {
                y[yo + j] = (float) d[j];
            }
            for (int j = 0; j < n; j++) {
                sum += y[yo + j];
            }
        }
        for (int from = 0; from < len; from += BLOCK) {
            int n = Math.min(BLOCK, len - from);
            int yo = out + from;
            for (int j = 0; j < n; j++) {
                d[j] = y[yo + j];
            }
            for (int j = 0; j < n; j++) {
                d[j] = d[j] / sum;
            }
            for (int j = 0; j < n; j++) {
                y[yo + j] = (float) d[j];
            }
            CanonicalNaN.canonicalize(y, yo, yo + n);
        }
    }

    private static void logSoftmax(float[] x, float[] y, int base, int stride, int len) {
        float m = max(x, base, stride, len);
        double sum = 0;
        for (int j = 0; j < len; j++) {
            sum += StrictMath.exp(x[base + j * stride] - m);
        }
        double logSum = StrictMath.log(sum);
        for (int j = 0; j < len; j++) {
            int i = base + j * stride;
            float d = x[i] - m;
            y[i] = CanonicalNaN.round(d - logSum);
        }
    }
}
