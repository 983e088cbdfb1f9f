package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.Arrays;

/**
 * The operators that change only the shape: Reshape, Flatten, Squeeze, Unsqueeze, and the ones that
 * change nothing, Identity and Dropout (inference). The data is copied unchanged.
 */
public final class ReshapeOperator implements Operator {
    public enum Kind {
        RESHAPE,
        FLATTEN,
        SQUEEZE,
        UNSQUEEZE,
        IDENTITY,
        DROPOUT
    }

    private final Kind kind;

    public ReshapeOperator(Kind kind) {
        this.kind = kind;
    }

    @Override
    public NodePlan plan(NodeContext node) {
        Shape in;
        Shape out;
        switch (kind) {
            case RESHAPE -> {
                node.requireArity(2, 2, 1, 1);
                in = node.shape(0);
                out = reshape(node, in, node.requireConstantInts(1, "shape"), node.intAttribute("allowzero", 0) != 0);
            }
            case FLATTEN -> {
                node.requireArity(1, 1, 1, 1);
                in = node.shape(0);
                int axis = (int) node.intAttribute("axis", 1);
                int a = axis < 0 ? axis + in.rank() : axis;
                if (a < 0 || a > in.rank()) {
                    throw node.fail(NnErrorCode.INVALID_MODEL, "axis " + axis + " out of range for rank " + in.rank());
                }
                out = Shape.of(in.sizeOf(0, a), in.sizeOf(a, in.rank()));
            }
            case SQUEEZE -> {
                node.requireArity(1, 2, 1, 1);
                in = node.shape(0);
                out = squeeze(node, in, axes(node, false));
            }
            case UNSQUEEZE -> {
                node.requireArity(1, 2, 1, 1);
                in = node.shape(0);
                long[] axes = axes(node, true);
                out = unsqueeze(node, in, axes);
            }
            case IDENTITY -> {
                node.requireArity(1, 1, 1, 1);
                in = node.shape(0);
                out = in;
            }
            default -> {
                return dropout(node);
            }
        }
        return NodePlan.of(
                new TensorType(node.dtype(0), out),
                Work.moved(out.size()),
                Copies.copyUnits(out.size()),
                Copies.plainCopy(out.size()));
    }

    /** Squeeze/Unsqueeze axes: an attribute before opset 13, an (optional for Squeeze) input after. */
    private static long[] axes(NodeContext node, boolean required) {
        if (node.opset() < 13) {
            long[] axes = node.intsAttribute("axes");
            if (axes == null && required) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "axes attribute is required");
            }
            return axes;
        }
        if (!node.hasInput(1)) {
            if (required) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "axes input is required");
            }
            return null;
        }
        return node.requireConstantInts(1, "axes");
    }

    static Shape reshape(NodeContext node, Shape in, long[] target, boolean allowZero) {
        int[] dims = new int[target.length];
        int infer = -1;
        long known = 1;
        for (int i = 0; i < target.length; i++) {
            long d = target[i];
            if (d == -1) {
                if (infer >= 0) {
                    throw node.fail(NnErrorCode.INVALID_MODEL, "more than one -1 in shape " + Arrays.toString(target));
                }
                infer = i;
                continue;
            }
            if (d == 0 && !allowZero) {
                if (i >= in.rank()) {
                    throw node.fail(NnErrorCode.SHAPE_MISMATCH, "0 at index " + i + " beyond the input's rank");
                }
                d = in.dim(i);
            }
            if (d < 0 || d > node.limits().maxTensorElements()) {
                throw node.fail(
                        NnErrorCode.INVALID_MODEL, "invalid dimension " + d + " in shape " + Arrays.toString(target));
            }
            dims[i] = (int) d;
            known *= d;
            if (known > node.limits().maxTensorElements()) {
                throw node.fail(NnErrorCode.LIMIT_EXCEEDED, "shape " + Arrays.toString(target) + " is too large");
            }
        }
        if (infer >= 0) {
            if (known == 0 || in.size() % known != 0) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "cannot reshape " + in + " to " + Arrays.toString(target));
            }
            dims[infer] = (int) (in.size() / known);
        } else if (known != in.size()) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "cannot reshape " + in + " to " + Arrays.toString(target));
        }
        return Shape.of(dims);
    }

    private static Shape squeeze(NodeContext node, Shape in, long[] axes) {
        boolean[] drop = new boolean[in.rank()];
        if (axes == null) {
            for (int i = 0; i < in.rank(); i++) {
                drop[i] = in.dim(i) == 1;
            }
        } else {
            for (long axis : axes) {
                int a = node.axis(axis, in.rank(), "axis");
                if (in.dim(a) != 1) {
                    throw node.fail(NnErrorCode.SHAPE_MISMATCH, "cannot squeeze axis " + axis + " of " + in);
                }
                drop[a] = true;
            }
        }
        int[] dims = new int[in.rank()];
        int n = 0;
        for (int i = 0; i < in.rank(); i++) {
            if (!drop[i]) {
                dims[n++] = in.dim(i);
            }
        }
        return Shape.of(Arrays.copyOf(dims, n));
    }

    private static Shape unsqueeze(NodeContext node, Shape in, long[] axes) {
        int rank = in.rank() + axes.length;
        boolean[] added = new boolean[rank];
        for (long axis : axes) {
            int a = node.axis(axis, rank, "axis");
            if (added[a]) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "axis " + axis + " repeated");
            }
            added[a] = true;
        }
        int[] dims = new int[rank];
        int next = 0;
        for (int i = 0; i < rank; i++) {
            dims[i] = added[i] ? 1 : in.dim(next++);
        }
        return Shape.of(dims);
    }

    /** Dropout at inference: the data unchanged, and a mask of all true if asked for. */
    private static NodePlan dropout(NodeContext node) {
        node.requireArity(1, 3, 1, 2);
        if (node.opset() < 12) {
            node.floatAttribute("ratio", 0.5f);
            node.ignoreAttributes("is_test");
        } else {
            node.ignoreAttributes("seed");
            if (node.hasInput(2)) {
                io.lockstep.nn.Tensor training = node.constant(2);
                if (training == null || training.size() != 1 || training.longAt(0) != 0) {
                    throw node.fail(
                            NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                            "training mode is not supported (training_mode must be a constant false)");
                }
            }
        }
        TensorType type = node.input(0);
        int size = type.size();
        boolean mask = node.hasOutput(1);
        TensorType maskType = mask ? new TensorType(io.lockstep.nn.DType.BOOL, type.shape()) : null;
        java.util.List<TensorType> outputs = new java.util.ArrayList<>();
        outputs.add(type);
        if (node.outputCount() > 1) {
            outputs.add(maskType);
        }
        return NodePlan.of(outputs, Work.moved(mask ? 2L * size : size), Copies.copyUnits(size), (io, from, to, s) -> {
            int start = from * Copies.CHUNK;
            int end = Math.min(size, to * Copies.CHUNK);
            if (end > start) {
                System.arraycopy(io.in(0), start, io.out(0), start, end - start);
                if (io.hasOutput(1)) {
                    Arrays.fill(io.byteOut(1), start, end, (byte) 1);
                }
            }
        });
    }
}
