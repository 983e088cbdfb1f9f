package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The specification against its own fixtures: every recorded result must validate against its method's result
 * schema, and every recorded error code must be declared. Where the specification disagrees with itself the
 * fixture is listed below with the reason, and the test fails both when an unlisted fixture fails and when a
 * listed one no longer does.
 */
class FixtureSchemaTest {

    /** Fixtures whose recorded result the specification's own schema refuses, and why. */
    static final Map<String, String> RESULT_EXCEPTIONS = Map.of(
            "eth_simulateV1/ethSimulate-run-out-of-gas-in-block-38015",
            "a failed call's error -32015 has the message \"out of gas\", but CallResultFailure's error schema"
                    + " requires -32015 messages to start with \"vm execution error\"",
            "eth_simulateV1/ethSimulate-use-as-many-features-as-possible",
            "the same: -32015 with \"out of gas\" where the schema's pattern wants \"vm execution error\"");

    @Test
    void everyRecordedResultValidatesAgainstItsMethodsResultSchema() {
        ExecutionApis apis = ExecutionApis.shared();
        Map<String, String> failures = new TreeMap<>();
        List<String> withoutSpec = new ArrayList<>();
        int validated = 0;
        for (Fixture fixture : apis.fixtures().all()) {
            if (apis.spec().method(fixture.method()).isEmpty()) {
                withoutSpec.add(fixture.name());
                continue;
            }
            var outcome = apis.schemaOutcome(fixture);
            if (outcome.isEmpty()) {
                continue;
            }
            validated++;
            if (!outcome.get().valid()) {
                failures.put(fixture.name(), outcome.get().violations().toString());
            }
        }
        System.out.printf(
                "fixture results validated against their schemas: %d, refused: %d (documented exceptions: %d)%n",
                validated, failures.size(), RESULT_EXCEPTIONS.size());
        failures.forEach((name, why) -> System.out.println("  refused " + name + ": " + why));
        assertEquals(List.of(), withoutSpec, "fixtures of methods the specification does not define");
        assertEquals(
                new TreeMap<>(RESULT_EXCEPTIONS).keySet(),
                failures.keySet(),
                "fixtures refused by their schema must be exactly the documented exceptions");
        assertTrue(failures.get("eth_simulateV1/ethSimulate-run-out-of-gas-in-block-38015")
                .contains("does not match ^vm execution error"));
    }

    @Test
    void everyRecordedErrorCodeIsDeclaredByItsMethodOrTheProtocol() {
        ExecutionApis apis = ExecutionApis.shared();
        Map<String, List<Violation>> undeclared = new TreeMap<>();
        int checked = 0;
        for (Fixture fixture : apis.fixtures().all()) {
            if (!fixture.isError()) {
                continue;
            }
            checked++;
            MethodSpec method = apis.spec().method(fixture.method()).orElseThrow();
            List<Violation> violations =
                    apis.checkDeclaredError(method, fixture.response().get("error"));
            if (!violations.isEmpty()) {
                undeclared.put(fixture.name(), violations);
            }
        }
        System.out.printf("fixture errors checked against declared codes: %d%n", checked);
        assertTrue(checked > 20, "expected the error fixtures, found " + checked);
        assertEquals(Map.of(), undeclared);
    }
}
