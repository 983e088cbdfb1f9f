package io.lockstep.node.rpc;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * JSON-RPC 2.0 over any transport: parses a body, validates each request, runs its method and builds the
 * response, for single requests and batches. Notifications (requests without an id) are executed but not
 * answered, even when they fail. Thread-safe; it never throws for anything a client sends.
 */
public final class RpcDispatcher {

    private static final int MAX_ECHOED_METHOD = 64;

    private final RpcMethodRegistry methods;
    private final int maxBatchSize;
    private final RpcMetrics metrics;

    public RpcDispatcher(RpcMethodRegistry methods, int maxBatchSize, RpcMetrics metrics) {
        if (maxBatchSize < 1) {
            throw new IllegalArgumentException("maxBatchSize must be at least 1, got " + maxBatchSize);
        }
        this.methods = methods;
        this.maxBatchSize = maxBatchSize;
        this.metrics = metrics;
    }

    /** The response body for a request body; empty when every request in it was a notification. */
    public Optional<byte[]> handle(byte[] body, RpcConnection connection) {
        JsonNode root;
        try {
            root = RpcJson.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            return Optional.of(refusal(RpcErrorCode.PARSE_ERROR, parseMessage(e)));
        } catch (IOException e) {
            // Reading a byte array does no I/O; a failure here is a parse failure by another name.
            return Optional.of(refusal(RpcErrorCode.PARSE_ERROR, "parse error: " + e.getMessage()));
        }
        if (root == null || root.isMissingNode()) {
            return Optional.of(refusal(RpcErrorCode.PARSE_ERROR, "parse error: empty body"));
        }
        return handle(root, connection).map(RpcDispatcher::write);
    }

    /** The response for a parsed request or batch; empty when every request in it was a notification. */
    public Optional<JsonNode> handle(JsonNode root, RpcConnection connection) {
        if (root.isArray()) {
            return batch((ArrayNode) root, connection);
        }
        return call(root, connection).map(JsonNode.class::cast);
    }

    /**
     * A complete error response with a null id, for what the transport refuses before any request is read
     * (too large, server busy) and for parse errors. Counted as one request of method {@value
     * RpcMetrics#UNKNOWN_METHOD}.
     */
    public byte[] refusal(RpcErrorCode code, String message) {
        metrics.request(RpcMetrics.UNKNOWN_METHOD, 0, code);
        return write(response(NullNode.instance, RpcError.of(code, message)));
    }

    private Optional<JsonNode> batch(ArrayNode batch, RpcConnection connection) {
        if (batch.isEmpty()) {
            return Optional.of(invalidBatch("invalid request: empty batch"));
        }
        if (batch.size() > maxBatchSize) {
            return Optional.of(invalidBatch(
                    "invalid request: batch of " + batch.size() + " requests exceeds the limit of " + maxBatchSize));
        }
        ArrayNode responses = JsonNodeFactory.instance.arrayNode(batch.size());
        for (JsonNode request : batch) {
            call(request, connection).ifPresent(responses::add);
        }
        return responses.isEmpty() ? Optional.empty() : Optional.of(responses);
    }

    private JsonNode invalidBatch(String message) {
        metrics.request(RpcMetrics.UNKNOWN_METHOD, 0, RpcErrorCode.INVALID_REQUEST);
        return response(NullNode.instance, RpcError.of(RpcErrorCode.INVALID_REQUEST, message));
    }

    private Optional<ObjectNode> call(JsonNode request, RpcConnection connection) {
        long start = System.nanoTime();
        if (!request.isObject()) {
            return Optional.of(invalid(start, NullNode.instance, "a request must be a JSON object"));
        }
        boolean notification = !request.has("id");
        JsonNode id = request.get("id");
        if (id != null && !(id.isTextual() || id.isNumber() || id.isNull())) {
            return Optional.of(invalid(start, NullNode.instance, "id must be a string, a number or null"));
        }
        JsonNode echoedId = notification ? NullNode.instance : id;
        JsonNode version = request.get("jsonrpc");
        if (version == null || !version.isTextual() || !version.textValue().equals("2.0")) {
            return Optional.of(invalid(start, echoedId, "jsonrpc must be \"2.0\""));
        }
        JsonNode methodName = request.get("method");
        if (methodName == null || !methodName.isTextual()) {
            return Optional.of(invalid(start, echoedId, "method must be a string"));
        }
        JsonNode params = request.get("params");
        if (params != null && !params.isNull() && !params.isArray() && !params.isObject()) {
            return Optional.of(invalid(start, echoedId, "params must be an array"));
        }

        String name = methodName.textValue();
        Optional<RpcMethod> method = methods.find(name);
        String label = method.isPresent() ? name : RpcMetrics.UNKNOWN_METHOD;
        Object outcome = execute(method, name, params, connection);
        RpcError error = outcome instanceof RpcError e ? e : null;
        metrics.request(label, System.nanoTime() - start, error == null ? null : error.code());
        if (notification) {
            return Optional.empty();
        }
        return Optional.of(error != null ? response(echoedId, error) : result(echoedId, (JsonNode) outcome));
    }

    /** The result as JSON, or the {@link RpcError} it ended in. */
    private static Object execute(Optional<RpcMethod> method, String name, JsonNode params, RpcConnection connection) {
        if (method.isEmpty()) {
            return RpcError.of(RpcErrorCode.METHOD_NOT_FOUND, "the method " + shorten(name) + " does not exist");
        }
        if (params != null && params.isObject()) {
            return RpcError.of(
                    RpcErrorCode.INVALID_PARAMS, "params must be an array; by-name params are not supported");
        }
        try {
            ArrayNode positional = params == null || params.isNull() ? null : (ArrayNode) params;
            Object result = method.get().execute(new RpcParams(positional, connection));
            JsonNode json = result instanceof JsonNode node ? node : RpcJson.MAPPER.valueToTree(result);
            return json == null ? NullNode.instance : json;
        } catch (Throwable failure) { // a method's failure, whatever it is, must not take the server down
            return RpcError.from(failure, name);
        }
    }

    private ObjectNode invalid(long start, JsonNode id, String message) {
        metrics.request(RpcMetrics.UNKNOWN_METHOD, System.nanoTime() - start, RpcErrorCode.INVALID_REQUEST);
        return response(id, RpcError.of(RpcErrorCode.INVALID_REQUEST, "invalid request: " + message));
    }

    private static ObjectNode result(JsonNode id, JsonNode result) {
        ObjectNode response = envelope(id);
        response.set("result", result);
        return response;
    }

    private static ObjectNode response(JsonNode id, RpcError error) {
        ObjectNode response = envelope(id);
        response.set("error", error.toJson());
        return response;
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode response = JsonNodeFactory.instance.objectNode();
        response.put("jsonrpc", "2.0");
        response.set("id", id);
        return response;
    }

    private static String parseMessage(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String where = at == null ? "" : " at line " + at.getLineNr() + " column " + at.getColumnNr();
        return "parse error: " + e.getOriginalMessage() + where;
    }

    private static String shorten(String name) {
        return name.length() <= MAX_ECHOED_METHOD ? name : name.substring(0, MAX_ECHOED_METHOD) + "...";
    }

    static byte[] write(JsonNode json) {
        try {
            return RpcJson.MAPPER.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a JSON tree could not be written", e);
        }
    }
}
