package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Assertions;

/**
 * Checks our JSON-RPC responses against the Ethereum execution-apis: the method's OpenRPC result schema (or its
 * declared errors), the JSON-RPC envelope, and the shape of a recorded fixture response of the same kind. A method
 * test calls, for each request it sends:
 *
 * <pre>{@code
 * ExecutionApis.assertConforms("eth_getBlockByNumber", requestJson, responseJson);
 * }</pre>
 *
 * <p>or {@link #check} for the list of violations. The material is read once per JVM; where it is absent the
 * calling test is skipped.
 */
public final class ExecutionApis {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Error groups whose codes any method may return: JSON-RPC's own and the generic server errors. */
    static final List<String> PROTOCOL_ERROR_GROUPS = List.of("JSONRPCStandardErrors", "JSONRPCNonStandardErrors");

    private static ExecutionApis shared;

    private final OpenRpcSpec spec;
    private final Fixtures fixtures;
    private final JsonSchemaValidator validator;
    private final List<FieldAllowance> allowances;
    private final Map<Fixture, Map<String, List<StringFormat>>> formats =
            Collections.synchronizedMap(new IdentityHashMap<>());
    private final Map<String, ShapeComparator> comparators = new ConcurrentHashMap<>();

    ExecutionApis(OpenRpcSpec spec, Fixtures fixtures, List<FieldAllowance> allowances) {
        this.spec = spec;
        this.fixtures = fixtures;
        this.validator = new JsonSchemaValidator(spec.schemas());
        this.allowances = List.copyOf(allowances);
    }

    /** The checker over the shared execution-apis material with this chain's allowances, loaded on first use. */
    public static synchronized ExecutionApis shared() {
        if (shared == null) {
            Path root = ExecutionApisData.require();
            try {
                shared = new ExecutionApis(
                        OpenRpcSpec.load(root.resolve("src")),
                        Fixtures.load(root.resolve("tests")),
                        ChainDifferences.allowances());
            } catch (IOException e) {
                throw new UncheckedIOException("reading execution-apis under " + root, e);
            }
        }
        return shared;
    }

    /** The violations of one response; empty when it conforms. */
    public static List<Violation> check(String method, String requestJson, String responseJson) {
        return shared().evaluate(method, requestJson, responseJson).violations();
    }

    /** Fails with every violation, the fixture compared with and both messages when a response does not conform. */
    public static void assertConforms(String method, String requestJson, String responseJson) {
        CheckResult result = shared().evaluate(method, requestJson, responseJson);
        if (!result.conforms()) {
            Assertions.fail(result.report() + "\nrequest:  " + requestJson + "\nresponse: " + responseJson);
        }
    }

    /** Checks one response given as JSON text; a request that is not JSON is the caller's mistake and throws. */
    public CheckResult evaluate(String method, String requestJson, String responseJson) {
        JsonNode request;
        try {
            request = JSON.readTree(requestJson);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request is not JSON: " + e.getOriginalMessage(), e);
        }
        JsonNode response;
        try {
            response = JSON.readTree(responseJson);
        } catch (JsonProcessingException e) {
            return new CheckResult(
                    method,
                    List.of(new Violation(
                            Violation.Category.ENVELOPE,
                            "",
                            "JSON-RPC 2.0",
                            "the response is not JSON: " + e.getOriginalMessage())),
                    "not compared");
        }
        return evaluate(method, request, response);
    }

    /** Checks one response. */
    public CheckResult evaluate(String method, JsonNode request, JsonNode response) {
        MethodSpec methodSpec = spec.method(method)
                .orElseThrow(() -> new IllegalArgumentException("execution-apis does not specify " + method
                        + ", so its responses cannot be checked here (MethodCoverageTest lists what it specifies)"));
        if (request == null || !request.isObject()) {
            throw new IllegalArgumentException("the request is not a JSON object: " + request);
        }
        if (request.has("method") && !request.get("method").asText().equals(method)) {
            throw new IllegalArgumentException("the request calls " + request.get("method") + ", not " + method);
        }
        List<Violation> violations = new ArrayList<>(Envelope.check(request, response));
        if (!response.isObject() || response.has("result") == response.has("error")) {
            return new CheckResult(method, violations, "not compared: the envelope is broken");
        }
        if (response.has("result")) {
            violations.addAll(validator
                    .validate(response.get("result"), methodSpec.result(), "/result")
                    .violations());
        } else if (response.get("error").isObject()) {
            violations.addAll(checkDeclaredError(methodSpec, response.get("error")));
        }
        String comparison = compareWithFixtures(method, request, response, violations);
        return new CheckResult(method, violations, comparison);
    }

    /** The error's code must be one the method or the protocol declares, and its data must fit a declared schema. */
    List<Violation> checkDeclaredError(MethodSpec method, JsonNode error) {
        List<Violation> violations = new ArrayList<>();
        if (!error.path("code").isInt()) {
            return violations;
        }
        int code = error.get("code").asInt();
        Optional<MethodSpec.DeclaredError> declared = method.error(code);
        if (declared.isEmpty() && !protocolErrorCodes().contains(code)) {
            violations.add(new Violation(
                    Violation.Category.ERROR_CODE,
                    "/error/code",
                    "#/methods/" + method.name() + "/errors",
                    "code " + code + " is declared neither by " + method.name() + " " + method.errorCodes() + " nor by "
                            + PROTOCOL_ERROR_GROUPS + " " + protocolErrorCodes()));
        }
        if (declared.isPresent() && declared.get().data().isPresent() && error.has("data")) {
            violations.addAll(validator
                    .validate(error.get("data"), declared.get().data().get(), "/error/data")
                    .violations());
        }
        return violations;
    }

    Set<Integer> protocolErrorCodes() {
        Set<Integer> codes = new TreeSet<>();
        for (String name : PROTOCOL_ERROR_GROUPS) {
            ErrorGroup group = spec.errorGroups().get(name);
            if (group == null) {
                throw new IllegalStateException("execution-apis defines no error group " + name);
            }
            group.errors().forEach(error -> codes.add(error.code()));
        }
        return codes;
    }

    /**
     * Compares the response's shape with the method's fixtures of the same kind and adds the violations found
     * against the most telling one: a fixture of our response's kind (not null where we have a block), then the one
     * with the fewest differences and unverified values together ({@link ShapeComparator.Outcome#RELEVANCE}).
     *
     * @return which fixture was compared with, or why none was
     */
    private String compareWithFixtures(String method, JsonNode request, JsonNode response, List<Violation> out) {
        JsonNode params = request.path("params");
        boolean error = response.has("error");
        String kind = error ? "request shape " + RequestKind.shapeOf(params) : RequestKind.ofResult(method, params);
        List<Fixture> candidates = fixtures.of(method).stream()
                .filter(f -> f.isError() == error)
                .filter(f -> error
                        ? RequestKind.shapeOf(f.params()).equals(RequestKind.shapeOf(params))
                        : RequestKind.ofResult(method, f.params()).equals(kind))
                .toList();
        if (candidates.isEmpty()) {
            return "no " + (error ? "error" : "result") + " fixture of " + method + " with " + kind + " (of "
                    + fixtures.of(method).size() + "); checked against the schema only";
        }
        ShapeComparator comparator =
                comparators.computeIfAbsent(method, m -> new ShapeComparator(m, allowances, borrowedElementShapes(m)));
        Fixture closest = null;
        ShapeComparator.Outcome best = null;
        for (Fixture fixture : candidates) {
            ShapeComparator.Outcome outcome = comparator.compare(fixture, formatsOf(fixture), response);
            if (best == null || ShapeComparator.Outcome.RELEVANCE.compare(outcome, best) < 0) {
                best = outcome;
                closest = fixture;
            }
            if (best.isPerfect()) {
                break;
            }
        }
        out.addAll(best.violations());
        String among = " (" + kind + ", the most telling of " + candidates.size() + ")";
        return best.violations().isEmpty()
                ? "shape matches " + closest.name() + among
                : "shape differs from " + closest.name() + among;
    }

    /**
     * Transaction shapes for the full transactions of a block: the block fixtures hold legacy transactions only,
     * {@code eth_getTransactionByHash}'s hold every type.
     */
    private Map<String, List<ShapeComparator.ElementShape>> borrowedElementShapes(String method) {
        if (!method.equals("eth_getBlockByNumber") && !method.equals("eth_getBlockByHash")) {
            return Map.of();
        }
        List<ShapeComparator.ElementShape> transactions = fixtures.of("eth_getTransactionByHash").stream()
                .filter(f -> f.response().path("result").isObject())
                .map(f ->
                        new ShapeComparator.ElementShape(f.response().get("result"), f.name(), formatsOf(f), "/result"))
                .toList();
        return Map.of("/result/transactions", transactions);
    }

    /** The string kinds in a fixture's response, from the schema patterns its strings matched. */
    Map<String, List<StringFormat>> formatsOf(Fixture fixture) {
        return formats.computeIfAbsent(fixture, f -> {
            Map<String, List<StringFormat>> kinds = new LinkedHashMap<>();
            schemaOutcome(f).ifPresent(outcome -> outcome.matchedPatterns().forEach((path, patterns) -> {
                List<StringFormat> atPath = patterns.stream()
                        .map(StringFormat::fromPattern)
                        .flatMap(Optional::stream)
                        .distinct()
                        .toList();
                if (!atPath.isEmpty()) {
                    kinds.put(path, atPath);
                }
            }));
            return Map.copyOf(kinds);
        });
    }

    /** A fixture's recorded result validated against its method's result schema; empty for errors. */
    Optional<JsonSchemaValidator.Outcome> schemaOutcome(Fixture fixture) {
        Optional<MethodSpec> method = spec.method(fixture.method());
        if (method.isEmpty() || !fixture.response().has("result")) {
            return Optional.empty();
        }
        return Optional.of(validator.validate(
                fixture.response().get("result"), method.get().result(), "/result"));
    }

    OpenRpcSpec spec() {
        return spec;
    }

    Fixtures fixtures() {
        return fixtures;
    }
}
