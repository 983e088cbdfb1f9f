package io.lockstep.vm.spec;

import io.lockstep.vm.TrapKind;
import io.lockstep.vm.WasmValue;
import java.util.List;

/**
 * What one command did on one engine. {@link #key()} is the engine-independent part (status, result
 * bits, fuel, trap kind, reject reason) that both engines must agree on and that the suite digest
 * covers; {@link #message()} is engine-specific text for the report only.
 */
record Outcome(Status status, List<WasmValue> values, long fuel, TrapKind trap, String reason, String message) {

    enum Status {
        /** Instantiated, registered, or returned normally. */
        SUCCESS,
        TRAPPED,
        OUT_OF_FUEL,
        /** The deploy pipeline (or the plain parser) refused the module; {@link #reason()} says why. */
        REJECTED,
        UNLINKABLE,
        /** Not run; {@link #reason()} says why. */
        SKIPPED,
        /** The VM or the harness threw where it should have produced an outcome: always a failure. */
        ERROR
    }

    Outcome {
        values = List.copyOf(values);
        reason = reason == null ? "" : reason;
        message = message == null ? "" : message;
    }

    static Outcome success(List<WasmValue> values, long fuel) {
        return new Outcome(Status.SUCCESS, values, fuel, null, null, null);
    }

    static Outcome trapped(TrapKind kind, long fuel, String message) {
        return new Outcome(Status.TRAPPED, List.of(), fuel, kind, null, message);
    }

    static Outcome outOfFuel(long fuel) {
        return new Outcome(Status.OUT_OF_FUEL, List.of(), fuel, null, null, null);
    }

    static Outcome rejected(String reason, String message) {
        return new Outcome(Status.REJECTED, List.of(), 0, null, reason, message);
    }

    static Outcome unlinkable(String message) {
        return new Outcome(Status.UNLINKABLE, List.of(), 0, null, null, message);
    }

    static Outcome skipped(String reason) {
        return new Outcome(Status.SKIPPED, List.of(), 0, null, reason, null);
    }

    static Outcome error(Throwable e) {
        return new Outcome(Status.ERROR, List.of(), 0, null, e.getClass().getName(), String.valueOf(e.getMessage()));
    }

    boolean is(Status s) {
        return status == s;
    }

    /** The engine-independent form: one line, no messages. */
    String key() {
        StringBuilder s = new StringBuilder(status.name());
        s.append(" values=").append(values);
        s.append(" fuel=").append(fuel);
        if (trap != null) {
            s.append(" trap=").append(trap);
        }
        if (!reason.isEmpty()) {
            s.append(" reason=").append(reason);
        }
        return s.toString();
    }

    @Override
    public String toString() {
        return message.isEmpty() ? key() : key() + " (" + message + ")";
    }
}
