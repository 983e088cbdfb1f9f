package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.Arrays;
import java.util.List;

/** Operators whose outputs do not depend on input values: Constant, Shape, ConstantOfShape. */
public final class ConstantOperators {
    private ConstantOperators() {}

    /** Constant: its value from one of {@code value, value_float(s), value_int(s)}. */
    public static final Operator CONSTANT = node -> {
        node.requireArity(0, 0, 1, 1);
        for (String unsupported : List.of("value_string", "value_strings", "sparse_value")) {
            if (node.hasAttribute(unsupported)) {
                throw node.fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, unsupported + " is not supported");
            }
        }
        Tensor value = node.tensorAttribute("value");
        float[] floats = node.floatsAttribute("value_floats");
        long[] ints = node.intsAttribute("value_ints");
        Tensor result = value;
        int given = value == null ? 0 : 1;
        if (node.hasAttribute("value_float")) {
            result = Tensor.scalar(node.floatAttribute("value_float", 0f));
            given++;
        }
        if (node.hasAttribute("value_int")) {
            result = Tensor.ofLongs(new int[0], node.intAttribute("value_int", 0));
            given++;
        }
        if (floats != null) {
            result = Tensor.ofFloats(new int[] {floats.length}, floats);
            given++;
        }
        if (ints != null) {
            result = Tensor.ofLongs(new int[] {ints.length}, ints);
            given++;
        }
        if (given != 1) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "exactly one value attribute is required");
        }
        return NodePlan.constant(List.of(result));
    };

    /** Shape: the input's dimensions as int64, optionally sliced by {@code start} and {@code end}. */
    public static final Operator SHAPE = node -> {
        node.requireArity(1, 1, 1, 1);
        Shape in = node.shape(0);
        int rank = in.rank();
        long start = node.intAttribute("start", 0);
        long end = node.intAttribute("end", rank);
        start = clamp(start < 0 ? start + rank : start, rank);
        end = clamp(end < 0 ? end + rank : end, rank);
        long[] dims = in.dimsAsLongs();
        long[] slice = end > start ? Arrays.copyOfRange(dims, (int) start, (int) end) : new long[0];
        return NodePlan.constant(List.of(Tensor.ofLongs(new int[] {slice.length}, slice)));
    };

    private static long clamp(long v, int rank) {
        return Math.max(0, Math.min(rank, v));
    }

    /** ConstantOfShape: a tensor of the (constant) shape filled with {@code value} (default float 0). */
    public static final Operator CONSTANT_OF_SHAPE = ConstantOperators::constantOfShape;

    private static NodePlan constantOfShape(NodeContext node) {
        node.requireArity(1, 1, 1, 1);
        long[] dims = node.requireConstantInts(0, "shape");
        Shape out = Shape.ofLongs(dims, node.limits().maxTensorElements());
        if (out == null) {
            throw node.fail(NnErrorCode.LIMIT_EXCEEDED, "shape " + Arrays.toString(dims) + " is negative or too large");
        }
        Tensor value = node.tensorAttribute("value");
        if (value == null) {
            value = Tensor.scalar(0f);
        }
        if (value.size() != 1) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "value must have one element");
        }
        DType type = value.dtype();
        Object one = TensorBridge.data(value);
        int size = out.size();
        return NodePlan.of(
                new TensorType(type, out), Work.moved(size), Copies.copyUnits(size), (io, from, to, scratch) -> {
                    int end = Math.min(size, to * Copies.CHUNK);
                    Copies.fill(io.out(0), from * Copies.CHUNK, end, one);
                });
    }
}
