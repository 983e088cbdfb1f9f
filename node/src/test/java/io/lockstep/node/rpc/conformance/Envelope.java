package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** The JSON-RPC 2.0 rules every response follows, whatever the method. */
final class Envelope {

    private static final String SPEC = "JSON-RPC 2.0";
    private static final Set<String> RESPONSE_MEMBERS = Set.of("jsonrpc", "id", "result", "error");
    private static final Set<String> ERROR_MEMBERS = Set.of("code", "message", "data");

    private Envelope() {}

    static List<Violation> check(JsonNode request, JsonNode response) {
        List<Violation> violations = new ArrayList<>();
        if (!response.isObject()) {
            violations.add(violation("", "a response must be a JSON object, got " + JsonValues.show(response)));
            return violations;
        }
        for (Iterator<String> names = response.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!RESPONSE_MEMBERS.contains(name)) {
                violations.add(violation(Pointer.append("", name), "a response has no member \"" + name + "\""));
            }
        }
        if (!"2.0".equals(response.path("jsonrpc").textValue())) {
            violations.add(violation("/jsonrpc", "expected \"2.0\", got " + JsonValues.show(response.path("jsonrpc"))));
        }
        JsonNode requestId = request.get("id");
        JsonNode id = response.get("id");
        if (id == null) {
            violations.add(violation("/id", "missing: a response repeats the request's id"));
        } else if (requestId != null && !JsonValues.equal(requestId, id)) {
            violations.add(violation("/id", "expected the request's id " + requestId + ", got " + id));
        }
        boolean result = response.has("result");
        boolean error = response.has("error");
        if (result == error) {
            violations.add(violation(
                    "",
                    "a response has exactly one of \"result\" and \"error\", this one has "
                            + (result ? "both" : "neither")));
        }
        if (error && !result) {
            checkError(response.get("error"), violations);
        }
        return violations;
    }

    private static void checkError(JsonNode error, List<Violation> violations) {
        if (!error.isObject()) {
            violations.add(violation("/error", "an error is an object, got " + JsonValues.show(error)));
            return;
        }
        if (!error.path("code").isInt()) {
            violations.add(violation(
                    "/error/code", "an error code is an integer, got " + JsonValues.show(error.path("code"))));
        }
        if (!error.path("message").isTextual()) {
            violations.add(violation(
                    "/error/message", "an error message is a string, got " + JsonValues.show(error.path("message"))));
        }
        for (Iterator<String> names = error.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!ERROR_MEMBERS.contains(name)) {
                violations.add(violation(Pointer.append("/error", name), "an error has no member \"" + name + "\""));
            }
        }
    }

    private static Violation violation(String path, String message) {
        return new Violation(Violation.Category.ENVELOPE, path, SPEC, message);
    }
}
