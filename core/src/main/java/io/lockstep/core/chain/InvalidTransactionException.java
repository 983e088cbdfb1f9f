package io.lockstep.core.chain;

import java.util.Objects;

/**
 * Raw bytes that are not a valid signed transaction: the {@link TxRejection reason} and what was wrong.
 * The message is {@code REASON: detail}.
 */
public final class InvalidTransactionException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final TxRejection reason;
    private final String detail;

    public InvalidTransactionException(TxRejection reason, String detail) {
        super(Objects.requireNonNull(reason, "reason") + ": " + Objects.requireNonNull(detail, "detail"));
        this.reason = reason;
        this.detail = detail;
    }

    /** Why the transaction was refused. */
    public TxRejection reason() {
        return reason;
    }

    /** What was wrong, without the reason. */
    public String detail() {
        return detail;
    }
}
