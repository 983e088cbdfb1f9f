package io.lockstep.vm.determinism;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.WasmValue;
import java.util.HexFormat;
import java.util.StringJoiner;

/**
 * The consensus-relevant part of a {@link CallOutcome} as one line of text: status, fuel used, result
 * bits, trap kind. Trap messages are left out: they are diagnostics, worded differently by each engine.
 */
final class OutcomeText {

    private OutcomeText() {}

    static String of(CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Success s) {
            StringJoiner results = new StringJoiner(",", "[", "]");
            for (WasmValue v : s.results()) {
                results.add(v.toString());
            }
            return "success fuel=" + s.fuelUsed() + " results=" + results;
        }
        if (outcome instanceof CallOutcome.Trapped t) {
            return "trapped fuel=" + t.fuelUsed() + " kind=" + t.kind();
        }
        if (outcome instanceof CallOutcome.OutOfFuel o) {
            return "out_of_fuel fuel=" + o.fuelUsed();
        }
        CallOutcome.Reverted r = (CallOutcome.Reverted) outcome;
        return "reverted fuel=" + r.fuelUsed() + " reason=" + HexFormat.of().formatHex(r.reason());
    }
}
