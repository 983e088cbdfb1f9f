package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.internal.kernel.Elements;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * Gather along an axis: output shape {@code data[:axis] + indices + data[axis+1:]}. Negative indices
 * count from the end; an index out of range fails the run with {@code INDEX_OUT_OF_RANGE} (the lowest
 * failing unit decides the message, whatever the thread count). One unit per (outer index, index).
 */
public final class GatherOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 2, 1, 1);
        Shape data = node.shape(0);
        Shape indices = node.shape(1);
        DType indexType = node.requireDType(1, DType.INT32, DType.INT64);
        if (data.rank() == 0) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "cannot gather from a scalar");
        }
        int axis = node.axis(node.intAttribute("axis", 0), data.rank(), "axis");
        int[] dims = new int[data.rank() - 1 + indices.rank()];
        int n = 0;
        for (int i = 0; i < axis; i++) {
            dims[n++] = data.dim(i);
        }
        for (int i = 0; i < indices.rank(); i++) {
            dims[n++] = indices.dim(i);
        }
        for (int i = axis + 1; i < data.rank(); i++) {
            dims[n++] = data.dim(i);
        }
        Shape out = Shape.of(dims);
        int outer = data.sizeOf(0, axis);
        int axisDim = data.dim(axis);
        int inner = data.sizeOf(axis + 1, data.rank());
        int count = indices.size();
        String where = node.describe();
        if (node.constant(1) != null) {
            for (int i = 0; i < count; i++) {
                long index = node.constant(1).longAt(i);
                if (index < -axisDim || index >= axisDim) {
                    throw node.fail(
                            NnErrorCode.INDEX_OUT_OF_RANGE,
                            "index " + index + " out of range [-" + axisDim + ", " + axisDim + ")");
                }
            }
        }
        return NodePlan.of(
                new TensorType(node.dtype(0), out),
                Work.moved(out.size()),
                out.size() == 0 ? 0 : Math.multiplyExact(outer, count),
                (io, from, to, scratch) -> {
                    Object src = io.in(0);
                    Object idx = io.in(1);
                    Object dst = io.out(0);
                    for (int u = from; u < to; u++) {
                        int o = u / count;
                        int k = u % count;
                        long index = Elements.getLong(indexType, idx, k);
                        if (index < -axisDim || index >= axisDim) {
                            throw new NnException(
                                    NnErrorCode.INDEX_OUT_OF_RANGE,
                                    where + ": index " + index + " out of range [-" + axisDim + ", " + axisDim + ")");
                        }
                        int i = (int) (index < 0 ? index + axisDim : index);
                        System.arraycopy(src, (o * axisDim + i) * inner, dst, u * inner, inner);
                    }
                });
    }
}
