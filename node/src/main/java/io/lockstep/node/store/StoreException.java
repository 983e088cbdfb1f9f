package io.lockstep.node.store;

/** The database failed: it could not be opened, read or written. The node stops rather than go on. */
public final class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }

    public StoreException(String message) {
        super(message);
    }
}
