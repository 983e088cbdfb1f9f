package io.lockstep.vm.internal;

import io.lockstep.nn.DType;

/**
 * The witx {@code tensor_type} tags (f16 0, f32 1, f64 2, u8 3, i32 4, i64 5) and the engine's element
 * types. f16 and f64 have no engine type; int8 and bool model inputs have no tag in this ABI version.
 */
final class TensorTypes {

    static final int F16 = 0;
    static final int F32 = 1;
    static final int F64 = 2;
    static final int U8 = 3;
    static final int I32 = 4;
    static final int I64 = 5;
    static final int MAX_TAG = I64;

    private TensorTypes() {}

    /** The engine type of a tag, or null for f16, f64 and unknown tags. */
    static DType dtypeOf(int tag) {
        return switch (tag) {
            case F32 -> DType.FLOAT;
            case U8 -> DType.UINT8;
            case I32 -> DType.INT32;
            case I64 -> DType.INT64;
            default -> null;
        };
    }

    /** The tag of an engine type, or -1 when the ABI cannot name it. */
    static int tagOf(DType dtype) {
        return switch (dtype) {
            case FLOAT -> F32;
            case UINT8 -> U8;
            case INT32 -> I32;
            case INT64 -> I64;
            case INT8, BOOL -> -1;
        };
    }
}
