package io.lockstep.nn.internal.kernel.reduce;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.kernel.Elements;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.Arrays;

/**
 * ReduceSum, ReduceMean and ReduceMax over a set of axes (an attribute before the opset where ONNX
 * made it an input: 13 for ReduceSum, 18 for the others). One unit per output element; the reduced
 * elements are visited in row-major order of the reduced axes. Float sums accumulate in double in that
 * order and are rounded to float once (the mean divides the double sum by the count first). Max
 * propagates NaN. Integer sums wrap in 64 bits; an integer mean truncates toward zero.
 */
public final class ReduceOperator implements Operator {
    public enum Kind {
        SUM,
        MEAN,
        MAX
    }

    private final Kind kind;
    private final int axesInputSince;

    public ReduceOperator(Kind kind, int axesInputSince) {
        this.kind = kind;
        this.axesInputSince = axesInputSince;
    }

    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 2, 1, 1);
        DType type = kind == Kind.MAX
                ? node.requireDType(0, DType.FLOAT, DType.INT32, DType.INT64, DType.INT8, DType.UINT8, DType.BOOL)
                : node.requireDType(0, DType.FLOAT, DType.INT32, DType.INT64);
        Shape in = node.shape(0);
        boolean keepDims = node.intAttribute("keepdims", 1) != 0;
        long[] axes;
        boolean noop = false;
        if (node.opset() >= axesInputSince) {
            axes = node.hasInput(1) ? node.requireConstantInts(1, "axes") : null;
            noop = node.intAttribute("noop_with_empty_axes", 0) != 0;
        } else {
            if (node.inputCount() > 1) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "takes one input before opset " + axesInputSince);
            }
            axes = node.intsAttribute("axes");
        }
        boolean[] reduced = new boolean[in.rank()];
        if (axes == null || axes.length == 0) {
            if (noop) {
                return identity(node, in, type);
            }
            Arrays.fill(reduced, true);
        } else {
            for (long axis : axes) {
                reduced[node.axis(axis, in.rank(), "axis")] = true;
            }
        }
        return plan(in, reduced, keepDims, type);
    }

    private NodePlan plan(Shape in, boolean[] reduced, boolean keepDims, DType type) {
        int rank = in.rank();
        int[] outDims = new int[rank];
        int n = 0;
        for (int i = 0; i < rank; i++) {
            if (!reduced[i]) {
                outDims[n++] = in.dim(i);
            } else if (keepDims) {
                outDims[n++] = 1;
            }
        }
        Shape out = Shape.of(Arrays.copyOf(outDims, n));
        int[] strides = in.strides();
        // Offsets of the reduced positions, row-major over the reduced axes.
        int count = 1;
        for (int i = 0; i < rank; i++) {
            if (reduced[i]) {
                count *= in.dim(i);
            }
        }
        int[] redOffsets = offsets(in, strides, reduced, true, count);
        int outputs = out.size();
        int[] bases = offsets(in, strides, reduced, false, outputs);
        boolean contiguous = true;
        for (int r = 0; r < count; r++) {
            contiguous &= redOffsets[r] == r;
        }
        Kernel kernel = type == DType.FLOAT
                ? floatKernel(kind, bases, redOffsets, contiguous, count)
                : integerKernel(kind, type, bases, redOffsets, count);
        Work work = Work.reduced(in.size()).plus(Work.elements(outputs));
        return NodePlan.of(new TensorType(type, out), work, outputs, kernel);
    }

    /** Offsets (in the input) of every index over the selected axes, row-major. */
    private static int[] offsets(Shape in, int[] strides, boolean[] reduced, boolean select, int count) {
        int[] out = new int[count];
        int rank = in.rank();
        int[] index = new int[rank];
        int offset = 0;
        for (int e = 0; e < count; e++) {
            out[e] = offset;
            for (int i = rank - 1; i >= 0; i--) {
                if (reduced[i] != select) {
                    continue;
                }
                index[i]++;
                offset += strides[i];
                if (index[i] < in.dim(i)) {
                    break;
                }
                offset -= strides[i] * in.dim(i);
                index[i] = 0;
            }
        }
        return out;
    }

    private static Kernel floatKernel(Kind kind, int[] bases, int[] red, boolean contiguous, int count) {
        return (io, from, to, scratch) -> {
            float[] x = io.floatIn(0);
            float[] y = io.floatOut(0);
            for (int o = from; o < to; o++) {
                int base = bases[o];
                if (kind == Kind.MAX) {
                    float m = Float.NEGATIVE_INFINITY;
                    for (int r = 0; r < count; r++) {
                        float v = x[base + red[r]];
                        if (v > m || v != v) {
                            m = v;
                            if (v != v) {
                                break;
                            }
                        }
                    }
                    y[o] = CanonicalNaN.of(m);
                    continue;
                }
                double sum = 0;
                if (contiguous) {
                    for (int r = 0; r < count; r++) {
                        sum += x[base + r];
                    }
                } else {
                    for (int r = 0; r < count; r++) {
                        sum += x[base + red[r]];
                    }
                }
                y[o] = CanonicalNaN.round(kind == Kind.MEAN ? sum / count : sum);
            }
        };
    }

    private static Kernel integerKernel(Kind kind, DType type, int[] bases, int[] red, int count) {
        return (io, from, to, scratch) -> {
            Object x = io.in(0);
            Object y = io.out(0);
            for (int o = from; o < to; o++) {
                int base = bases[o];
                long acc = kind == Kind.MAX ? minimum(type) : 0;
                for (int r = 0; r < count; r++) {
                    long v = Elements.getLong(type, x, base + red[r]);
                    acc = kind == Kind.MAX ? Math.max(acc, v) : acc + v;
                }
                if (kind == Kind.MEAN) {
                    acc = count == 0 ? 0 : acc / count;
                }
                Elements.setLong(type, y, o, acc);
            }
        };
    }

    private static long minimum(DType type) {
        return switch (type) {
            case INT8 -> Byte.MIN_VALUE;
            case UINT8, BOOL -> 0;
            case INT32 -> Integer.MIN_VALUE;
            default -> Long.MIN_VALUE;
        };
    }

    private static NodePlan identity(NodeContext node, Shape in, DType type) {
        int size = in.size();
        return NodePlan.of(new TensorType(type, in), Work.moved(size), size == 0 ? 0 : 1, (io, from, to, s) -> {
            System.arraycopy(io.in(0), 0, io.out(0), 0, size);
        });
    }
}
