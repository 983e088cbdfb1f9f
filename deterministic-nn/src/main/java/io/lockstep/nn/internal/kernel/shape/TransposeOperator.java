package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/** Transpose: output dim {@code i} is input dim {@code perm[i]} (default: reversed). */
public final class TransposeOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 1, 1, 1);
        Shape in = node.shape(0);
        int rank = in.rank();
        long[] perm = node.intsAttribute("perm");
        int[] p = new int[rank];
        if (perm == null) {
            for (int i = 0; i < rank; i++) {
                p[i] = rank - 1 - i;
            }
        } else {
            if (perm.length != rank) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "perm has " + perm.length + " entries for rank " + rank);
            }
            boolean[] seen = new boolean[rank];
            for (int i = 0; i < rank; i++) {
                int a = node.axis(perm[i], rank, "perm entry");
                if (seen[a]) {
                    throw node.fail(NnErrorCode.INVALID_MODEL, "perm repeats axis " + perm[i]);
                }
                seen[a] = true;
                p[i] = a;
            }
        }
        int[] inStrides = in.strides();
        int[] dims = new int[rank];
        int[] strides = new int[rank];
        for (int i = 0; i < rank; i++) {
            dims[i] = in.dim(p[i]);
            strides[i] = inStrides[p[i]];
        }
        Shape out = Shape.of(dims);
        return NodePlan.of(
                new TensorType(node.dtype(0), out),
                Work.moved(out.size()),
                Copies.viewUnits(out),
                Copies.stridedView(out, 0, strides));
    }
}
