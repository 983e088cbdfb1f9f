package io.lockstep.nn.internal.kernel.reduce;

import io.lockstep.nn.DType;
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
 * with {@code StrictMath} exp and log and the sums in double in ascending j.
 */
public final class SoftmaxOperator implements Operator {
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
            for (int line = from; line < to; line++) {
                int base = (line / inner) * len * inner + line % inner;
                if (logSoftmax) {
                    logSoftmax(x, y, base, inner, len);
                } else {
                    softmax(x, y, base, inner, len);
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

    private static void softmax(float[] x, float[] y, int base, int stride, int len) {
        float m = max(x, base, stride, len);
        double sum = 0;
        for (int j = 0; j < len; j++) {
            int i = base + j * stride;
            float e = (float) StrictMath.exp(x[i] - m);
            y[i] = e;
            sum += e;
        }
        for (int j = 0; j < len; j++) {
            int i = base + j * stride;
            y[i] = CanonicalNaN.round(y[i] / sum);
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
