package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.Shape;

/**
 * Data movement shared by the shape operators: whole-buffer copies (Reshape, Identity...) and strided
 * gathers over a view of the input (Transpose, Slice). Elements are copied bit for bit.
 */
final class Copies {
    /** Elements per unit of a plain copy. */
    static final int CHUNK = 16384;

    private Copies() {}

    static int copyUnits(int size) {
        return (size + CHUNK - 1) / CHUNK;
    }

    /** Copies input 0 to output 0 unchanged. */
    static Kernel plainCopy(int size) {
        return (io, from, to, scratch) -> {
            int start = from * CHUNK;
            int end = Math.min(size, to * CHUNK);
            if (end > start) {
                System.arraycopy(io.in(0), start, io.out(0), start, end - start);
            }
        };
    }

    /**
     * A kernel that writes output 0 (shape {@code out}) from input 0 read at
     * {@code base + sum(index[d] * strides[d])}; one unit per output row (all dims but the last).
     */
    static Kernel stridedView(Shape out, int base, int[] strides) {
        int rank = out.rank();
        int inner = rank == 0 ? 1 : out.dim(rank - 1);
        int innerStride = rank == 0 ? 0 : strides[rank - 1];
        int[] dims = out.dims();
        return (io, from, to, scratch) -> {
            Object in = io.in(0);
            Object dst = io.out(0);
            for (int row = from; row < to; row++) {
                int offset = base;
                int rest = row;
                for (int d = rank - 2; d >= 0; d--) {
                    offset += (rest % dims[d]) * strides[d];
                    rest /= dims[d];
                }
                copyRun(in, offset, innerStride, dst, row * inner, inner);
            }
        };
    }

    static int viewUnits(Shape out) {
        if (out.size() == 0) {
            return 0;
        }
        return out.rank() == 0 ? 1 : out.size() / out.dim(out.rank() - 1);
    }

    /** Fills {@code dst[from, to)} with element 0 of {@code one} (an array of the same type). */
    static void fill(Object dst, int from, int to, Object one) {
        if (from >= to) {
            return;
        }
        if (dst instanceof float[] a) {
            java.util.Arrays.fill(a, from, to, ((float[]) one)[0]);
        } else if (dst instanceof byte[] a) {
            java.util.Arrays.fill(a, from, to, ((byte[]) one)[0]);
        } else if (dst instanceof int[] a) {
            java.util.Arrays.fill(a, from, to, ((int[]) one)[0]);
        } else {
            java.util.Arrays.fill((long[]) dst, from, to, ((long[]) one)[0]);
        }
    }

    /** {@code dst[o + j] = src[s + j * stride]} for {@code j < n}. */
    static void copyRun(Object src, int s, int stride, Object dst, int o, int n) {
        if (stride == 1) {
            System.arraycopy(src, s, dst, o, n);
        } else if (src instanceof float[] a) {
            float[] b = (float[]) dst;
            for (int j = 0; j < n; j++) {
                b[o + j] = a[s + j * stride];
            }
        } else if (src instanceof byte[] a) {
            byte[] b = (byte[]) dst;
            for (int j = 0; j < n; j++) {
                b[o + j] = a[s + j * stride];
            }
        } else if (src instanceof int[] a) {
            int[] b = (int[]) dst;
            for (int j = 0; j < n; j++) {
                b[o + j] = a[s + j * stride];
            }
        } else {
            long[] a = (long[]) src;
            long[] b = (long[]) dst;
            for (int j = 0; j < n; j++) {
                b[o + j] = a[s + j * stride];
            }
        }
    }
}
