package io.lockstep.vm.internal;

import io.lockstep.nn.NnErrorCode;

/**
 * The {@code nn_errno} results of {@code wasi_ephemeral_nn}, numbered as in the WASI-NN witx that
 * wasmtime and WasmEdge implement. A contract sees these numbers, so they are part of a call's result.
 */
enum NnErrno {
    SUCCESS(0),
    INVALID_ARGUMENT(1),
    INVALID_ENCODING(2),
    MISSING_MEMORY(3),
    BUSY(4),
    RUNTIME_ERROR(5),
    UNSUPPORTED_OPERATION(6),
    TOO_LARGE(7),
    NOT_FOUND(8);

    private final int code;

    NnErrno(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** The witx name, e.g. {@code invalid_encoding}. */
    String witxName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * What a contract is told when the engine refuses a registered model or a run. Exhaustive on purpose:
     * a new engine error code must be given its errno here deliberately, because contracts see it.
     */
    static NnErrno of(NnErrorCode code) {
        return switch (code) {
            case MALFORMED_MODEL,
                    INVALID_MODEL,
                    CYCLE,
                    NOT_TOPOLOGICAL,
                    MISSING_VALUE,
                    DUPLICATE_NAME,
                    SHAPE_MISMATCH -> INVALID_ENCODING;
            case UNSUPPORTED_DTYPE,
                    UNSUPPORTED_OPERATOR,
                    UNSUPPORTED_ATTRIBUTE,
                    DYNAMIC_SHAPE,
                    VALUE_DEPENDENT_SHAPE,
                    EXTERNAL_DATA -> UNSUPPORTED_OPERATION;
            case LIMIT_EXCEEDED -> TOO_LARGE;
            case INVALID_INPUT, INDEX_OUT_OF_RANGE -> RUNTIME_ERROR;
        };
    }
}
