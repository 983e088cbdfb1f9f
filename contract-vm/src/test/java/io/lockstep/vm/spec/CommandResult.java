package io.lockstep.vm.spec;

import java.util.Map;

/**
 * One command's result over all engines run: the outcome they agreed on (the first engine's when they
 * did not, which is then a failure), the verdict, and each engine's own outcome.
 */
record CommandResult(SpecCommand command, Outcome outcome, Verdict verdict, Map<String, Outcome> byEngine) {}
