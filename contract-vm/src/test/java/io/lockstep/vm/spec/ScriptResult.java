package io.lockstep.vm.spec;

import java.util.List;
import java.util.Map;

/**
 * The results of one script, or the reason the whole script was skipped.
 *
 * @param nanosByEngine wall time of each engine's run, and of the deploy pipeline (admission and
 *     instrumentation, done once for both engines) under {@link SpecSuite#PIPELINE}
 * @param cpuNanosByEngine the same as CPU time of the execution thread (JIT and GC threads not included)
 */
record ScriptResult(
        String name,
        String skipped,
        List<CommandResult> commands,
        Map<String, Long> nanosByEngine,
        Map<String, Long> cpuNanosByEngine) {

    static ScriptResult skipped(String name, String reason) {
        return new ScriptResult(name, reason, List.of(), Map.of(), Map.of());
    }

    long count(Verdict.Kind kind) {
        return commands.stream().filter(c -> c.verdict().is(kind)).count();
    }
}
