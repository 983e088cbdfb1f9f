package io.lockstep.vm.determinism;

import io.lockstep.vm.TrapKind;
import java.util.List;

/**
 * What one generated module did on both engines.
 *
 * @param outcome the engine-independent outcome line when both engines agree, else both lines
 * @param status {@code success}, {@code trapped}, {@code out_of_fuel}, {@code reverted}, or {@code broken} when
 *     the module did not deploy or an engine failed outside the outcome model
 * @param trapKind the trap kind when trapped, else null
 * @param problems what is wrong (divergence, non-canonical NaN, rejection, exception); empty when all is well
 */
record SeedResult(long seed, String outcome, String status, TrapKind trapKind, List<String> problems) {

    SeedResult {
        problems = List.copyOf(problems);
    }

    boolean ok() {
        return problems.isEmpty();
    }

    /** The line that goes into a digest: seed and engine-independent outcome. */
    String line() {
        return "seed=" + seed + " " + outcome;
    }
}
