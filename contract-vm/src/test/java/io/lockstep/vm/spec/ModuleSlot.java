package io.lockstep.vm.spec;

/**
 * A module a script refers to (the current one, a {@code $name}, or a registered import name): a live
 * instance, or the reason it is not available (skipped or failed), which then skips every command that
 * depends on it.
 */
record ModuleSlot(LiveInstance live, String unavailable) {

    static ModuleSlot of(LiveInstance live) {
        return new ModuleSlot(live, null);
    }

    static ModuleSlot missing(String reason) {
        return new ModuleSlot(null, reason);
    }

    boolean available() {
        return live != null;
    }
}
