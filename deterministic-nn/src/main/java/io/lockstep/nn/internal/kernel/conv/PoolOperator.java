package io.lockstep.nn.internal.kernel.conv;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.KernelIo;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.ArrayList;
import java.util.List;

/**
 * MaxPool and AveragePool over 1 to n spatial dimensions (kernel_shape, strides, dilations, pads,
 * auto_pad, ceil_mode; count_include_pad for AveragePool; the Indices output and storage_order for
 * MaxPool). A window's taps that fall outside the input are skipped, and visited in row-major order:
 *
 * <ul>
 *   <li>MaxPool: the largest tap (the first one of equal values), NaN if any tap is NaN; float, int8 and
 *       uint8. Indices holds the flat input index of that tap (row-major, or with the spatial
 *       dimensions column-major when storage_order is 1).
 *   <li>AveragePool: the taps summed in double in that order, divided in double by the number of taps
 *       inside the input (count_include_pad = 0) or inside the padded input (1), rounded to float once.
 * </ul>
 *
 * One unit is a run of up to {@link #POSITIONS_PER_UNIT} output positions of one (batch, channel) plane.
 */
public final class PoolOperator implements Operator {
    static final int POSITIONS_PER_UNIT = 1024;

    private final boolean max;

    public PoolOperator(boolean max) {
        this.max = max;
    }

    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 1, 1, max ? 2 : 1);
        DType type =
                max ? node.requireDType(0, DType.FLOAT, DType.INT8, DType.UINT8) : node.requireDType(0, DType.FLOAT);
        Shape x = node.shape(0);
        long[] kernelShape = node.intsAttribute("kernel_shape");
        if (kernelShape == null) {
            throw node.fail(NnErrorCode.INVALID_MODEL, "kernel_shape is required");
        }
        int[] kernel = new int[kernelShape.length];
        for (int d = 0; d < kernel.length; d++) {
            if (kernelShape[d] < 1 || kernelShape[d] > Integer.MAX_VALUE) {
                throw node.fail(NnErrorCode.INVALID_MODEL, "kernel extents must be positive");
            }
            kernel[d] = (int) kernelShape[d];
        }
        boolean ceil = node.intAttribute("ceil_mode", 0) != 0;
        boolean includePad = !max && node.intAttribute("count_include_pad", 0) != 0;
        boolean columnMajor = max && node.intAttribute("storage_order", 0) != 0;
        SlidingWindow window = SlidingWindow.of(node, x, kernel, ceil);
        // Within the element limit, which bounds the per-position tables built below.
        Shape out = window.outputShape(node, x.dim(0), x.dim(1));
        List<TensorType> outputs = new ArrayList<>();
        outputs.add(new TensorType(type, out));
        boolean indices = max && node.hasOutput(1);
        if (indices) {
            outputs.add(new TensorType(DType.INT64, out));
        } else if (node.outputCount() > 1) {
            outputs.add(null);
        }
        int planes = x.dim(0) * x.dim(1);
        int positions = window.outputSize();
        int runs = (positions + POSITIONS_PER_UNIT - 1) / POSITIONS_PER_UNIT;
        long taps = (long) out.size() * window.kernelSize();
        Work work = Work.reduced(taps).plus(Work.elements(out.size()));
        if (!max) {
            work = work.plus(Work.divisions(out.size()));
        }
        Windows windows = new Windows(window, includePad, columnMajor);
        Kernel kernelFn = (io, from, to, scratch) -> {
            for (int u = from; u < to; u++) {
                int plane = u / runs;
                int first = (u % runs) * POSITIONS_PER_UNIT;
                int last = Math.min(positions, first + POSITIONS_PER_UNIT);
                if (max) {
                    maxRun(windows, type, indices, io, plane, first, last);
                } else {
                    averageRun(windows, io, plane, first, last);
                }
            }
        };
        return NodePlan.of(outputs, work, Math.multiplyExact(planes, runs), kernelFn);
    }

    /** Per spatial dimension and output coordinate: the taps inside the input and inside the padding. */
    static final class Windows {
        final SlidingWindow window;
        final int rank;
        final int inputPlane;
        final int outputPlane;
        /** First and past-the-last tap inside the input, per dimension and output coordinate. */
        final int[][] lo;

        final int[][] hi;
        /** Taps inside the padded input, per dimension and output coordinate. */
        final int[][] padded;
        /** Offset between taps, per dimension, in the input plane. */
        final int[] tapStep;
        /** Row-major strides of the input plane. */
        final int[] inputStrides;
        /** Strides of the index that Indices reports, per dimension. */
        final int[] indexStrides;

        final boolean includePad;

        Windows(SlidingWindow w, boolean includePad, boolean columnMajor) {
            this.window = w;
            this.rank = w.rank;
            this.includePad = includePad;
            this.inputPlane = w.inputSize();
            this.outputPlane = w.outputSize();
            lo = new int[rank][];
            hi = new int[rank][];
            padded = new int[rank][];
            tapStep = new int[rank];
            inputStrides = new int[rank];
            indexStrides = new int[rank];
            int stride = 1;
            for (int d = rank - 1; d >= 0; d--) {
                inputStrides[d] = stride;
                stride *= w.input[d];
            }
            stride = 1;
            for (int d = 0; d < rank; d++) {
                indexStrides[d] = columnMajor ? stride : inputStrides[d];
                stride *= w.input[d];
            }
            for (int d = 0; d < rank; d++) {
                tapStep[d] = w.dilations[d] * inputStrides[d];
                int n = w.output[d];
                lo[d] = new int[n];
                hi[d] = new int[n];
                padded[d] = new int[n];
                for (int o = 0; o < n; o++) {
                    // Taps t with lower <= start + t * dilation < upper, as a range of t within the kernel.
                    long start = (long) o * w.strides[d] - w.padBegin[d];
                    long l = Math.max(0, ceilDiv(-start, w.dilations[d]));
                    long h = Math.min(w.kernel[d], Math.floorDiv(w.input[d] - 1 - start, w.dilations[d]) + 1);
                    long pl = Math.max(0, ceilDiv(-w.padBegin[d] - start, w.dilations[d]));
                    long ph = Math.min(
                            w.kernel[d],
                            Math.floorDiv((long) w.input[d] + w.padEnd[d] - 1 - start, w.dilations[d]) + 1);
                    lo[d][o] = (int) Math.min(l, w.kernel[d]);
                    hi[d][o] = (int) Math.max(h, lo[d][o]);
                    padded[d][o] = (int) Math.max(0, ph - pl);
                }
            }
        }

        private static long ceilDiv(long a, long b) {
            return -Math.floorDiv(-a, b);
        }

        /** Input coordinate of tap {@code t} of output coordinate {@code o} in dimension {@code d}. */
        int coordinate(int d, int o, int t) {
            return o * window.strides[d] - window.padBegin[d] + t * window.dilations[d];
        }
    }

    /** Walks the output positions of a run and, for each, the taps of its window inside the input. */
    private static final class Cursor {
        final Windows w;
        final int[] position;
        final int[] tap;
        /** Offset of the current tap in the input plane. */
        int offset;

        Cursor(Windows w, int s) {
            this.w = w;
            this.position = new int[w.rank];
            this.tap = new int[w.rank];
            for (int d = w.rank - 1; d >= 0; d--) {
                position[d] = s % w.window.output[d];
                s /= w.window.output[d];
            }
        }

        void nextPosition() {
            for (int d = w.rank - 1; d >= 0; d--) {
                if (++position[d] < w.window.output[d]) {
                    return;
                }
                position[d] = 0;
            }
        }

        /** Moves to the window's first tap inside the input; false when there is none. */
        boolean firstTap() {
            offset = 0;
            for (int d = 0; d < w.rank; d++) {
                int o = position[d];
                if (w.hi[d][o] <= w.lo[d][o]) {
                    return false;
                }
                tap[d] = w.lo[d][o];
                offset += w.coordinate(d, o, tap[d]) * w.inputStrides[d];
            }
            return true;
        }

        /** Moves to the next tap inside the input in row-major order; false after the last. */
        boolean nextTap() {
            for (int d = w.rank - 1; d >= 0; d--) {
                int o = position[d];
                tap[d]++;
                offset += w.tapStep[d];
                if (tap[d] < w.hi[d][o]) {
                    return true;
                }
                offset -= w.tapStep[d] * (tap[d] - w.lo[d][o]);
                tap[d] = w.lo[d][o];
            }
            return false;
        }

        /** Taps the average divides by. */
        long count() {
            long count = 1;
            for (int d = 0; d < w.rank; d++) {
                int o = position[d];
                count *= w.includePad ? w.padded[d][o] : w.hi[d][o] - w.lo[d][o];
            }
            return count;
        }

        /** The index Indices reports for tap {@code taps} of the current window in plane {@code plane}. */
        long index(int plane, int[] taps) {
            long index = (long) plane * w.inputPlane;
            for (int d = 0; d < w.rank; d++) {
                index += (long) w.coordinate(d, position[d], taps[d]) * w.indexStrides[d];
            }
            return index;
        }
    }

    private static void maxRun(Windows w, DType type, boolean indices, KernelIo io, int plane, int first, int last) {
        Cursor cursor = new Cursor(w, first);
        int[] best = new int[w.rank];
        int base = plane * w.inputPlane;
        long[] indexOut = indices ? io.longOut(1) : null;
        for (int s = first; s < last; s++, cursor.nextPosition()) {
            int o = plane * w.outputPlane + s;
            if (!cursor.firstTap()) {
                writeEmptyMax(type, io, o);
                if (indexOut != null) {
                    indexOut[o] = -1;
                }
                continue;
            }
            System.arraycopy(cursor.tap, 0, best, 0, w.rank);
            if (type == DType.FLOAT) {
                float[] x = io.floatIn(0);
                float m = x[base + cursor.offset];
                while (m == m && cursor.nextTap()) {
                    float v = x[base + cursor.offset];
                    if (v > m || v != v) {
                        m = v;
                        System.arraycopy(cursor.tap, 0, best, 0, w.rank);
                    }
                }
                io.floatOut(0)[o] = CanonicalNaN.of(m);
            } else {
                byte[] x = io.byteIn(0);
                boolean unsigned = type == DType.UINT8;
                int m = unsigned ? x[base + cursor.offset] & 0xff : x[base + cursor.offset];
                while (cursor.nextTap()) {
                    int v = unsigned ? x[base + cursor.offset] & 0xff : x[base + cursor.offset];
                    if (v > m) {
                        m = v;
                        System.arraycopy(cursor.tap, 0, best, 0, w.rank);
                    }
                }
                io.byteOut(0)[o] = (byte) m;
            }
            if (indexOut != null) {
                indexOut[o] = cursor.index(plane, best);
            }
        }
    }

    private static void writeEmptyMax(DType type, KernelIo io, int o) {
        switch (type) {
            case FLOAT -> io.floatOut(0)[o] = Float.NEGATIVE_INFINITY;
            case INT8 -> io.byteOut(0)[o] = Byte.MIN_VALUE;
            default -> io.byteOut(0)[o] = 0;
        }
    }

    private static void averageRun(Windows w, KernelIo io, int plane, int first, int last) {
        Cursor cursor = new Cursor(w, first);
        float[] x = io.floatIn(0);
        float[] y = io.floatOut(0);
        int base = plane * w.inputPlane;
        for (int s = first; s < last; s++, cursor.nextPosition()) {
            double sum = 0;
            if (cursor.firstTap()) {
                do {
                    sum += x[base + cursor.offset];
                } while (cursor.nextTap());
            }
            y[plane * w.outputPlane + s] = CanonicalNaN.round(sum / cursor.count());
        }
    }
}
