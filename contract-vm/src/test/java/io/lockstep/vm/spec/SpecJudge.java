package io.lockstep.vm.spec;

import io.lockstep.vm.RejectReason;
import io.lockstep.vm.TrapKind;
import io.lockstep.vm.WasmValue;
import java.util.List;

/** Decides whether one command's outcome is what the script asserts. */
final class SpecJudge {

    private static final long CANONICAL_NAN_32 = 0x7FC0_0000L;
    private static final long CANONICAL_NAN_64 = 0x7FF8_0000_0000_0000L;

    private final boolean positiveCanonicalNan;

    /**
     * @param positiveCanonicalNan whether a NaN pattern must be met by exactly the positive canonical NaN:
     *     the chain's rule (DESIGN, determinism rule 2), stricter than the spec, which allows either sign
     *     for {@code nan:canonical} and any quiet NaN for {@code nan:arithmetic}
     */
    SpecJudge(boolean positiveCanonicalNan) {
        this.positiveCanonicalNan = positiveCanonicalNan;
    }

    Verdict judge(SpecCommand command, Outcome outcome) {
        if (outcome.is(Outcome.Status.SKIPPED)) {
            return Verdict.skip(outcome.reason());
        }
        if (outcome.is(Outcome.Status.ERROR)) {
            return Verdict.fail("threw instead of producing an outcome: " + outcome);
        }
        if (outcome.is(Outcome.Status.OUT_OF_FUEL)) {
            return Verdict.fail("ran out of fuel: the suite's budget per command must never run out");
        }
        switch (command.type()) {
            case "module":
                return notAdmitted(outcome)
                        ? Verdict.skip(featureReason(outcome))
                        : expect(outcome, Outcome.Status.SUCCESS);
            case "register":
            case "action":
                return expect(outcome, Outcome.Status.SUCCESS);
            case "assert_return":
                return results(command, outcome);
            case "assert_trap":
                return trap(outcome, TrapTexts.expected(command.text()), command.text());
            case "assert_exhaustion":
                return trap(outcome, TrapKind.CALL_STACK_EXHAUSTED, command.text());
            case "assert_invalid":
            case "assert_malformed":
                return outcome.is(Outcome.Status.REJECTED)
                        ? Verdict.PASS
                        : Verdict.fail("module was accepted; expected it to be rejected as \"" + command.text() + "\"");
            case "assert_unlinkable":
                return notAdmitted(outcome)
                        ? Verdict.skip(featureReason(outcome))
                        : expect(outcome, Outcome.Status.UNLINKABLE);
            case "assert_uninstantiable":
                return notAdmitted(outcome)
                        ? Verdict.skip(featureReason(outcome))
                        : expect(outcome, Outcome.Status.TRAPPED);
            default:
                return Verdict.fail("unknown command type " + command.type());
        }
    }

    static boolean notAdmitted(Outcome outcome) {
        return outcome.is(Outcome.Status.REJECTED) && outcome.reason().equals(RejectReason.FEATURE_NOT_ALLOWED.name());
    }

    static String featureReason(Outcome outcome) {
        return "feature not admitted: " + outcome.message();
    }

    private static Verdict expect(Outcome outcome, Outcome.Status status) {
        return outcome.is(status) ? Verdict.PASS : Verdict.fail("expected " + status + ", got " + outcome);
    }

    private Verdict results(SpecCommand command, Outcome outcome) {
        if (!outcome.is(Outcome.Status.SUCCESS)) {
            return Verdict.fail("expected " + command.expected() + ", got " + outcome);
        }
        List<SpecValue> expected = command.expected();
        List<WasmValue> actual = outcome.values();
        boolean ok = expected.size() == actual.size();
        for (int i = 0; ok && i < expected.size(); i++) {
            ok = expected.get(i).matches(actual.get(i)) && canonicalEnough(expected.get(i), actual.get(i));
        }
        return ok ? Verdict.PASS : Verdict.fail("expected " + expected + ", got " + actual);
    }

    private boolean canonicalEnough(SpecValue expected, WasmValue actual) {
        if (!positiveCanonicalNan || !expected.isNanPattern()) {
            return true;
        }
        return actual.bits() == (actual.kind().is32Bit() ? CANONICAL_NAN_32 : CANONICAL_NAN_64);
    }

    private static Verdict trap(Outcome outcome, TrapKind expected, String text) {
        if (!outcome.is(Outcome.Status.TRAPPED)) {
            return Verdict.fail("expected a trap \"" + text + "\", got " + outcome);
        }
        if (expected == null || outcome.trap() != expected) {
            return Verdict.fail("trapped as " + outcome.trap() + ", which does not match \"" + text + "\" ("
                    + outcome.message() + ")");
        }
        return Verdict.PASS;
    }
}
