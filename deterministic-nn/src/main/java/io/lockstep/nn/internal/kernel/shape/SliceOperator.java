package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * Slice: starts, ends, axes and steps as constant inputs (opset 10+) or attributes (before), clamped
 * as ONNX specifies. The output is a strided view of the input.
 */
public final class SliceOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps = null;
        if (node.opset() < 10) {
            node.requireArity(1, 1, 1, 1);
            starts = node.intsAttribute("starts");
            ends = node.intsAttribute("ends");
            axes = node.intsAttribute("axes");
            if (starts == null || ends == null) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "starts and ends are required");
            }
        } else {
            node.requireArity(3, 5, 1, 1);
            starts = node.requireConstantInts(1, "starts");
            ends = node.requireConstantInts(2, "ends");
            axes = node.hasInput(3) ? node.requireConstantInts(3, "axes") : null;
            steps = node.hasInput(4) ? node.requireConstantInts(4, "steps") : null;
        }
        Shape in = node.shape(0);
        int rank = in.rank();
        int n = starts.length;
        if (ends.length != n || (axes != null && axes.length != n) || (steps != null && steps.length != n)) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "starts, ends, axes and steps differ in length");
        }
        long[] start = new long[rank];
        long[] step = new long[rank];
        int[] dims = in.dims();
        for (int i = 0; i < rank; i++) {
            step[i] = 1;
        }
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < n; i++) {
            int a = node.axis(axes == null ? i : axes[i], rank, "axis");
            if (seen[a]) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "axis " + a + " sliced twice");
            }
            seen[a] = true;
            long s = steps == null ? 1 : steps[i];
            if (s == 0) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "step 0");
            }
            long dim = in.dim(a);
            long b = starts[i];
            long e = ends[i];
            b = b < 0 ? b + dim : b;
            e = e < 0 ? e + dim : e;
            if (s > 0) {
                b = clamp(b, 0, dim);
                e = clamp(e, 0, dim);
            } else {
                b = clamp(b, 0, dim - 1);
                e = clamp(e, -1, dim - 1);
            }
            long count = s > 0 ? (e - b + s - 1) / s : (b - e + (-s) - 1) / (-s);
            dims[a] = (int) Math.max(0, count);
            start[a] = b;
            step[a] = s;
        }
        Shape out = Shape.of(dims);
        int[] inStrides = in.strides();
        int[] strides = new int[rank];
        long base = 0;
        for (int i = 0; i < rank; i++) {
            if (dims[i] > 0) {
                base += start[i] * inStrides[i];
            }
            strides[i] = (int) (step[i] * inStrides[i]);
        }
        return NodePlan.of(
                new TensorType(node.dtype(0), out),
                Work.moved(out.size()),
                Copies.viewUnits(out),
                Copies.stridedView(out, (int) base, strides));
    }

    private static long clamp(long v, long lo, long hi) {
        return v < lo ? lo : v > hi ? hi : v;
    }
}
