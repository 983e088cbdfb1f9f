package io.lockstep.vm.internal;

import io.lockstep.nn.DType;

/**
 * The {@code tensor_type} tags: witx's (f16 0, f32 1, f64 2, u8 3, i32 4, i64 5) and two of Lockstep's
 * own after them (i8 6, bool 7), so that every element type the engine computes can be passed in. f16 and
 * f64 have no engine type.
 */
final class TensorTypes {

    static final int F16 = 0;
    static final int F32 = 1;
    static final int F64 = 2;
    static final int U8 = 3;
    static final int I32 = 4;
    static final int I64 = 5;
    static final int I8 = 6;
    static final int BOOL = 7;
    static final int MAX_TAG = BOOL;

    private TensorTypes() {}

    /** The engine type of a tag, or null for f16, f64 and unknown tags. */
    static DType dtypeOf(int tag) {
        return switch (tag) {
            case F32 -> DType.FLOAT;
            case U8 -> DType.UINT8;
            case I32 -> DType.INT32;
            case I64 -> DType.INT64;
            case I8 -> DType.INT8;
            case BOOL -> DType.BOOL;
            default -> null;
        };
    }
}
