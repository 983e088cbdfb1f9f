package io.lockstep.nn;

import java.util.Objects;

/**
 * The engine's single exception: a model, input or run was refused for the reason in {@link #code()}.
 * Messages name what was wrong (operator, opset, node, value) but only the code is meant for machines.
 */
public final class NnException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final NnErrorCode code;

    public NnException(NnErrorCode code, String message) {
        super(code + ": " + message);
        this.code = Objects.requireNonNull(code);
    }

    public NnException(NnErrorCode code, String message, Throwable cause) {
        super(code + ": " + message, cause);
        this.code = Objects.requireNonNull(code);
    }

    public NnErrorCode code() {
        return code;
    }
}
