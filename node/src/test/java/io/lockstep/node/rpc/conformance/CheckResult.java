package io.lockstep.node.rpc.conformance;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What {@link ExecutionApis} found about one response.
 *
 * @param comparison which fixture the shape was compared with and why that one, or why none was
 */
public record CheckResult(String method, List<Violation> violations, String comparison) {

    public CheckResult {
        violations = List.copyOf(violations);
    }

    public boolean conforms() {
        return violations.isEmpty();
    }

    /** A report for a failed assertion: the method, the comparison and one violation per line. */
    public String report() {
        String header =
                method + ": " + (conforms() ? "conforms" : violations.size() + " violation(s)") + "; " + comparison;
        return violations.stream().map(v -> "  " + v).collect(Collectors.joining("\n", header + "\n", ""));
    }
}
