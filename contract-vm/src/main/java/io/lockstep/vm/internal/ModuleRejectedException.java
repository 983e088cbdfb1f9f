package io.lockstep.vm.internal;

import io.lockstep.vm.RejectReason;

/** A module refused at deploy time; carries the consensus-relevant reason. */
public final class ModuleRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final RejectReason reason;

    public ModuleRejectedException(RejectReason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public RejectReason reason() {
        return reason;
    }
}
