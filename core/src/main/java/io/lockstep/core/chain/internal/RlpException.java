package io.lockstep.core.chain.internal;

/** Bytes that are not the one canonical RLP encoding of what was expected; the message says where. */
public final class RlpException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public RlpException(String message) {
        super(message);
    }
}
