package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/** Concat along an axis; one unit per index of the dimensions before the axis. */
public final class ConcatOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, Integer.MAX_VALUE, 1, 1);
        Shape first = node.shape(0);
        int rank = first.rank();
        if (rank == 0) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "cannot concatenate scalars");
        }
        if (!node.hasAttribute("axis")) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "axis attribute is required");
        }
        int axis = node.axis(node.intAttribute("axis", 0), rank, "axis");
        int inputs = node.inputCount();
        int[] blocks = new int[inputs];
        int total = 0;
        int inner = first.sizeOf(axis + 1, rank);
        for (int i = 0; i < inputs; i++) {
            Shape s = node.shape(i);
            node.requireSameDType(0, i);
            if (s.rank() != rank) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "input " + i + " has rank " + s.rank() + ", not " + rank);
            }
            for (int d = 0; d < rank; d++) {
                if (d != axis && s.dim(d) != first.dim(d)) {
                    throw node.fail(NnErrorCode.SHAPE_MISMATCH, "input shapes " + first + " and " + s + " differ");
                }
            }
            total = Math.addExact(total, s.dim(axis));
            blocks[i] = s.dim(axis) * inner;
        }
        int[] dims = first.dims();
        dims[axis] = total;
        Shape out = Shape.of(dims);
        int outer = first.sizeOf(0, axis);
        int rowSize = total * inner;
        return NodePlan.of(
                new TensorType(node.dtype(0), out),
                Work.moved(out.size()),
                out.size() == 0 ? 0 : outer,
                (io, from, to, scratch) -> {
                    Object dst = io.out(0);
                    for (int o = from; o < to; o++) {
                        int at = o * rowSize;
                        for (int i = 0; i < blocks.length; i++) {
                            System.arraycopy(io.in(i), o * blocks[i], dst, at, blocks[i]);
                            at += blocks[i];
                        }
                    }
                });
    }
}
