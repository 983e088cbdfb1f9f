package io.lockstep.nn.internal.kernel.conv;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * GlobalAveragePool and GlobalMaxPool: one value per (batch, channel) plane of an (N, C, D1, ...) float
 * input, shape (N, C, 1, ...). The average sums the plane in double in index order and divides the sum
 * by the plane size in double, rounding to float once; the maximum is NaN if any element is. One unit
 * per plane.
 */
public final class GlobalPoolOperator implements Operator {
    private final boolean max;

    public GlobalPoolOperator(boolean max) {
        this.max = max;
    }

    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 1, 1, 1);
        node.requireDType(0, DType.FLOAT);
        Shape x = node.shape(0);
        if (x.rank() < 3) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "input must be (N, C, D1, ...), is " + x);
        }
        int[] dims = x.dims();
        for (int d = 2; d < dims.length; d++) {
            dims[d] = 1;
        }
        Shape out = Shape.of(dims);
        int planes = x.dim(0) * x.dim(1);
        int size = x.sizeOf(2, x.rank());
        Work work = Work.reduced(x.size()).plus(Work.elements(planes));
        if (!max) {
            work = work.plus(Work.divisions(planes));
        }
        boolean maximum = max;
        return NodePlan.of(new TensorType(DType.FLOAT, out), work, planes, (io, from, to, scratch) -> {
            float[] in = io.floatIn(0);
            float[] y = io.floatOut(0);
            for (int p = from; p < to; p++) {
                int base = p * size;
                if (maximum) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int i = base; i < base + size && m == m; i++) {
                        float v = in[i];
                        if (v > m || v != v) {
                            m = v;
                        }
                    }
                    y[p] = CanonicalNaN.of(m);
                } else {
                    double sum = 0;
                    for (int i = base; i < base + size; i++) {
                        sum += in[i];
                    }
                    y[p] = CanonicalNaN.round(sum / size);
                }
            }
        });
    }
}
