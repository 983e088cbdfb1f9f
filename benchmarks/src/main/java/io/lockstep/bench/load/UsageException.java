package io.lockstep.bench.load;

/** A bad command line: the message says what and how to fix it; the programs exit with status 2. */
final class UsageException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
