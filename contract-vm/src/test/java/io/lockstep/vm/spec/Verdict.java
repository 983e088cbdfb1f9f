package io.lockstep.vm.spec;

/** Whether a command did what the script asserts. */
record Verdict(Kind kind, String reason) {

    enum Kind {
        PASSED,
        FAILED,
        SKIPPED,
        /** Failed as listed in {@code expected-deviations.txt}: the chain deliberately differs. */
        DEVIATION
    }

    static final Verdict PASS = new Verdict(Kind.PASSED, "");

    static Verdict fail(String reason) {
        return new Verdict(Kind.FAILED, reason);
    }

    static Verdict skip(String reason) {
        return new Verdict(Kind.SKIPPED, reason);
    }

    boolean is(Kind k) {
        return kind == k;
    }
}
