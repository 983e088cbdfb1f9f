package io.lockstep.nn.internal.kernel;

import io.lockstep.nn.DType;

/**
 * Element access by dtype for the integer and generic paths of kernels (the float hot paths index
 * their arrays directly). Integers are widened to long, uint8 as 0..255; writes wrap to the type's
 * width like a C cast, and bools store 0 or 1.
 */
public final class Elements {
    private Elements() {}

    public static long getLong(DType type, Object array, int i) {
        return switch (type) {
            case INT64 -> ((long[]) array)[i];
            case INT32 -> ((int[]) array)[i];
            case INT8, BOOL -> ((byte[]) array)[i];
            case UINT8 -> ((byte[]) array)[i] & 0xff;
            case FLOAT -> throw new IllegalStateException("float read as integer");
        };
    }

    public static void setLong(DType type, Object array, int i, long v) {
        switch (type) {
            case INT64 -> ((long[]) array)[i] = v;
            case INT32 -> ((int[]) array)[i] = (int) v;
            case INT8, UINT8 -> ((byte[]) array)[i] = (byte) v;
            case BOOL -> ((byte[]) array)[i] = (byte) (v != 0 ? 1 : 0);
            case FLOAT -> throw new IllegalStateException("integer written to float");
        }
    }

    /** Any element as a double (exact for every dtype except int64 beyond 2^53). */
    public static double getDouble(DType type, Object array, int i) {
        return type == DType.FLOAT ? ((float[]) array)[i] : getLong(type, array, i);
    }
}
