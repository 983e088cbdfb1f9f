package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.ArrayList;
import java.util.List;

/**
 * Split along an axis into parts given by {@code split} (an attribute before opset 13, a constant input
 * after), or equal parts (the last one smaller when opset 18's {@code num_outputs} does not divide the
 * dimension). One unit per index of the dimensions before the axis.
 */
public final class SplitOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 2, 1, Integer.MAX_VALUE);
        Shape in = node.shape(0);
        int axis = node.axis(node.intAttribute("axis", 0), in.rank(), "axis");
        int dim = in.dim(axis);
        int parts = node.outputCount();
        long[] split;
        if (node.opset() < 13) {
            split = node.intsAttribute("split");
        } else {
            split = node.hasInput(1) ? node.requireConstantInts(1, "split") : null;
        }
        if (node.opset() >= 18 && node.hasAttribute("num_outputs")) {
            long n = node.intAttribute("num_outputs", parts);
            if (split != null || n != parts) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "num_outputs must match the outputs and exclude split");
            }
        }
        int[] sizes = new int[parts];
        if (split != null) {
            if (split.length != parts) {
                throw node.fail(
                        NnErrorCode.INVALID_MODEL, "split has " + split.length + " entries for " + parts + " outputs");
            }
            long sum = 0;
            for (int i = 0; i < parts; i++) {
                if (split[i] < 0) {
                    throw node.fail(NnErrorCode.INVALID_MODEL, "negative split size");
                }
                sum += split[i];
                sizes[i] = (int) Math.min(split[i], Integer.MAX_VALUE);
            }
            if (sum != dim) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "split sizes add up to " + sum + ", dimension is " + dim);
            }
        } else {
            int each = (dim + parts - 1) / parts;
            if (node.opset() < 18 && dim % parts != 0) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "dimension " + dim + " does not split into " + parts);
            }
            int left = dim;
            for (int i = 0; i < parts; i++) {
                sizes[i] = Math.min(each, left);
                left -= sizes[i];
            }
        }
        int inner = in.sizeOf(axis + 1, in.rank());
        int outer = in.sizeOf(0, axis);
        List<TensorType> outputs = new ArrayList<>();
        int[] blocks = new int[parts];
        for (int i = 0; i < parts; i++) {
            int[] dims = in.dims();
            dims[axis] = sizes[i];
            outputs.add(new TensorType(node.dtype(0), Shape.of(dims)));
            blocks[i] = sizes[i] * inner;
        }
        int rowSize = dim * inner;
        return NodePlan.of(outputs, Work.moved(in.size()), in.size() == 0 ? 0 : outer, (io, from, to, scratch) -> {
            Object src = io.in(0);
            for (int o = from; o < to; o++) {
                int at = o * rowSize;
                for (int i = 0; i < blocks.length; i++) {
                    if (io.hasOutput(i)) {
                        System.arraycopy(src, at, io.out(i), o * blocks[i], blocks[i]);
                    }
                    at += blocks[i];
                }
            }
        });
    }
}
