package io.lockstep.nn.internal;

import io.lockstep.nn.DType;

/** The primitive arrays that hold tensor elements, by dtype. */
public final class TensorArrays {
    private TensorArrays() {}

    public static Object newArray(DType dtype, int size) {
        return switch (dtype) {
            case FLOAT -> new float[size];
            case INT32 -> new int[size];
            case INT64 -> new long[size];
            case INT8, UINT8, BOOL -> new byte[size];
        };
    }

    /** Copies {@code length} elements between two arrays of the same dtype. */
    public static void copy(Object from, int fromIndex, Object to, int toIndex, int length) {
        System.arraycopy(from, fromIndex, to, toIndex, length);
    }

    public static int length(Object array) {
        if (array instanceof float[] a) {
            return a.length;
        } else if (array instanceof byte[] a) {
            return a.length;
        } else if (array instanceof int[] a) {
            return a.length;
        } else if (array instanceof long[] a) {
            return a.length;
        }
        throw new IllegalArgumentException("not a tensor array: " + array);
    }
}
