package io.lockstep.vm.internal;

/** Control-flow exceptions thrown by host functions to end a call with a specific outcome. */
final class Signals {

    private Signals() {}

    /** The contract called {@code revert}. */
    static final class Revert extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final byte[] reason;

        Revert(byte[] reason) {
            super("revert", null, false, false);
            this.reason = reason;
        }
    }

    /** A host function could not be paid for. */
    static final class OutOfFuel extends RuntimeException {
        private static final long serialVersionUID = 1L;

        OutOfFuel() {
            super("out of fuel", null, false, false);
        }
    }

    /** A host function was called with arguments that break the ABI's rules. */
    static final class AbiViolation extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AbiViolation(String message) {
            super(message, null, false, false);
        }
    }
}
