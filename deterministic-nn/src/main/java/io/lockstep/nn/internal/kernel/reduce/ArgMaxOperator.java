package io.lockstep.nn.internal.kernel.reduce;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.kernel.Elements;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * ArgMax along one axis, as int64. Ties go to the first index (the last with
 * {@code select_last_index}); a NaN counts as larger than every number, as in numpy. One unit per
 * output element.
 */
public final class ArgMaxOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 1, 1, 1);
        DType type = node.requireDType(0, DType.FLOAT, DType.INT32, DType.INT64, DType.INT8, DType.UINT8);
        Shape in = node.shape(0);
        if (in.rank() == 0) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "ArgMax of a scalar");
        }
        int axis = node.axis(node.intAttribute("axis", 0), in.rank(), "axis");
        boolean keepDims = node.intAttribute("keepdims", 1) != 0;
        boolean last = node.intAttribute("select_last_index", 0) != 0;
        int[] dims = in.dims();
        int[] outDims;
        if (keepDims) {
            dims[axis] = 1;
            outDims = dims;
        } else {
            outDims = new int[in.rank() - 1];
            for (int i = 0, n = 0; i < in.rank(); i++) {
                if (i != axis) {
                    outDims[n++] = in.dim(i);
                }
            }
        }
        Shape out = Shape.of(outDims);
        int len = in.dim(axis);
        int inner = in.sizeOf(axis + 1, in.rank());
        if (len == 0 && out.size() > 0) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "ArgMax over an empty axis");
        }
        return NodePlan.of(
                new TensorType(DType.INT64, out),
                Work.reduced(in.size()).plus(Work.elements(out.size())),
                out.size(),
                (io, from, to, scratch) -> {
                    Object x = io.in(0);
                    long[] y = io.longOut(0);
                    for (int o = from; o < to; o++) {
                        int base = (o / inner) * len * inner + o % inner;
                        y[o] = type == DType.FLOAT
                                ? floatArgMax((float[]) x, base, inner, len, last)
                                : integerArgMax(type, x, base, inner, len, last);
                    }
                });
    }

    private static int floatArgMax(float[] x, int base, int stride, int len, boolean last) {
        int best = 0;
        float m = x[base];
        for (int j = 1; j < len; j++) {
            float v = x[base + j * stride];
            boolean better;
            if (m != m) {
                better = last && v != v;
            } else if (v != v) {
                better = true;
            } else {
                better = last ? v >= m : v > m;
            }
            if (better) {
                best = j;
                m = v;
            }
        }
        return best;
    }

    private static int integerArgMax(DType type, Object x, int base, int stride, int len, boolean last) {
        int best = 0;
        long m = Elements.getLong(type, x, base);
        for (int j = 1; j < len; j++) {
            long v = Elements.getLong(type, x, base + j * stride);
            if (last ? v >= m : v > m) {
                best = j;
                m = v;
            }
        }
        return best;
    }
}
