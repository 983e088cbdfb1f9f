package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.Objects;

/**
 * One request and its recorded response from an execution-apis {@code .io} test file.
 *
 * @param name the file's path under {@code tests/} without {@code .io}, with {@code #n} for the n-th exchange of a
 *     file that has several ({@code eth_call/call-callenv#2})
 * @param comment the file's leading {@code //} lines, without the slashes
 * @param specOnly the file says {@code speconly:}: clients' values legitimately differ, only the schema applies
 */
record Fixture(String name, String comment, boolean specOnly, JsonNode request, JsonNode response) {

    Fixture {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(comment, "comment");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(response, "response");
    }

    /** The JSON-RPC method the request calls. */
    String method() {
        return request.path("method").asText();
    }

    /** The request's {@code params}, an empty array where it has none. */
    JsonNode params() {
        JsonNode params = request.get("params");
        return params == null ? JsonNodeFactory.instance.arrayNode() : params;
    }

    /** Whether the recorded response is an error rather than a result. */
    boolean isError() {
        return response.has("error");
    }

    @Override
    public String toString() {
        return name;
    }
}
