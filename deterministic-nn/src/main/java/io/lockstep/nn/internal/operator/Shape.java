package io.lockstep.nn.internal.operator;

import java.util.Arrays;

/** An immutable tensor shape whose element count fits an int (the limits guarantee it). */
public final class Shape {
    public static final Shape SCALAR = new Shape(new int[0]);

    private final int[] dims;
    private final int size;

    private Shape(int[] dims) {
        this.dims = dims;
        long count = 1;
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + Arrays.toString(dims));
            }
            count *= d;
            if (count > Integer.MAX_VALUE - 8) {
                throw new TooLargeException("shape " + Arrays.toString(dims) + " has too many elements");
            }
        }
        this.size = (int) count;
    }

    /** A shape whose element count does not fit a Java array (the planner reports LIMIT_EXCEEDED). */
    public static final class TooLargeException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        TooLargeException(String message) {
            super(message);
        }
    }

    public static Shape of(int... dims) {
        return new Shape(dims.clone());
    }

    /**
     * A shape from 64-bit dimensions, or null when a dimension is negative or the element count
     * exceeds {@code maxElements}; callers turn null into their own error.
     */
    public static Shape ofLongs(long[] dims, long maxElements) {
        int[] out = new int[dims.length];
        long count = 1;
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] < 0 || dims[i] > maxElements) {
                return null;
            }
            out[i] = (int) dims[i];
            count *= dims[i];
            if (count > maxElements) {
                return null;
            }
        }
        return new Shape(out);
    }

    public int rank() {
        return dims.length;
    }

    public int dim(int axis) {
        return dims[axis];
    }

    public int[] dims() {
        return dims.clone();
    }

    public long[] dimsAsLongs() {
        long[] out = new long[dims.length];
        for (int i = 0; i < dims.length; i++) {
            out[i] = dims[i];
        }
        return out;
    }

    /** Number of elements. */
    public int size() {
        return size;
    }

    /** Product of dims in {@code [from, to)}. */
    public int sizeOf(int from, int to) {
        int count = 1;
        for (int i = from; i < to; i++) {
            count *= dims[i];
        }
        return count;
    }

    /** Row-major strides in elements. */
    public int[] strides() {
        int[] strides = new int[dims.length];
        int stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= dims[i];
        }
        return strides;
    }

    /** Normalizes a possibly negative axis into {@code [0, rank)}, or returns -1 when out of range. */
    public int normalizeAxis(long axis) {
        return normalizeAxis(axis, dims.length);
    }

    public static int normalizeAxis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        return a < 0 || a >= rank ? -1 : (int) a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape other && Arrays.equals(dims, other.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return Arrays.toString(dims);
    }
}
