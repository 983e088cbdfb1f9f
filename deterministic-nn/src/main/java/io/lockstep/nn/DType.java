package io.lockstep.nn;

import java.util.Optional;

/**
 * The element types the engine computes with, named by their ONNX {@code TensorProto.DataType} codes.
 * Everything else (float16, double, strings, ...) is refused with {@link NnErrorCode#UNSUPPORTED_DTYPE}.
 */
public enum DType {
    FLOAT(1, 4),
    UINT8(2, 1),
    INT8(3, 1),
    INT32(6, 4),
    INT64(7, 8),
    BOOL(9, 1);

    private final int onnxCode;
    private final int byteSize;

    DType(int onnxCode, int byteSize) {
        this.onnxCode = onnxCode;
        this.byteSize = byteSize;
    }

    /** The ONNX {@code TensorProto.DataType} number. */
    public int onnxCode() {
        return onnxCode;
    }

    /** Bytes per element in the little-endian encoding ({@code raw_data}). */
    public int byteSize() {
        return byteSize;
    }

    /** Whether elements are stored in a {@code byte[]} (int8, uint8, bool). */
    public boolean isByteStored() {
        return byteSize == 1;
    }

    /** Whether this is an integer type (bool is not). */
    public boolean isInteger() {
        return this == UINT8 || this == INT8 || this == INT32 || this == INT64;
    }

    public static Optional<DType> fromOnnxCode(int code) {
        for (DType type : values()) {
            if (type.onnxCode == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The ONNX name of any data type code, for error messages about types we do not support. */
    public static String onnxName(int code) {
        return switch (code) {
            case 0 -> "UNDEFINED";
            case 1 -> "FLOAT";
            case 2 -> "UINT8";
            case 3 -> "INT8";
            case 4 -> "UINT16";
            case 5 -> "INT16";
            case 6 -> "INT32";
            case 7 -> "INT64";
            case 8 -> "STRING";
            case 9 -> "BOOL";
            case 10 -> "FLOAT16";
            case 11 -> "DOUBLE";
            case 12 -> "UINT32";
            case 13 -> "UINT64";
            case 14 -> "COMPLEX64";
            case 15 -> "COMPLEX128";
            case 16 -> "BFLOAT16";
            case 17 -> "FLOAT8E4M3FN";
            case 18 -> "FLOAT8E4M3FNUZ";
            case 19 -> "FLOAT8E5M2";
            case 20 -> "FLOAT8E5M2FNUZ";
            case 21 -> "UINT4";
            case 22 -> "INT4";
            case 23 -> "FLOAT4E2M1";
            case 24 -> "FLOAT8E8M0";
            case 25 -> "UINT2";
            case 26 -> "INT2";
            default -> "data type " + code;
        };
    }

    /** The dtype for an ONNX code, or {@link NnErrorCode#UNSUPPORTED_DTYPE} naming what was found. */
    public static DType requireOnnxCode(int code, String where) {
        return fromOnnxCode(code)
                .orElseThrow(() -> new NnException(
                        NnErrorCode.UNSUPPORTED_DTYPE, onnxName(code) + " is not supported (" + where + ")"));
    }
}
