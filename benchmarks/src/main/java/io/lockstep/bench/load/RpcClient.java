package io.lockstep.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;

/**
 * JSON-RPC 2.0 over one {@link HttpConnection}: single calls and batches. Not thread-safe, like the
 * connection under it.
 */
final class RpcClient implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final HttpConnection http;
    private long nextId = 1;

    RpcClient(URI url, int timeoutMillis) {
        this.http = new HttpConnection(url, timeoutMillis);
    }

    /**
     * Calls {@code method} with positional {@code params} (strings, numbers, booleans, maps or JSON nodes)
     * and returns its result, which is {@code NullNode} for a JSON {@code null}.
     *
     * @throws RpcErrorException when the node answers with a JSON-RPC error
     * @throws IOException when the transport fails or the answer is not a JSON-RPC response
     */
    JsonNode call(String method, Object... params) throws IOException {
        JsonNode reply = JSON.readTree(http.post(JSON.writeValueAsBytes(request(method, params))));
        return result(reply, method);
    }

    /** Posts a body prepared once (a request or a batch) and returns the parsed reply. */
    JsonNode post(byte[] body) throws IOException {
        return JSON.readTree(http.post(body));
    }

    /** A request object as JSON-RPC 2.0 frames it, with the next id. */
    ObjectNode request(String method, Object... params) {
        ObjectNode request = JSON.createObjectNode();
        request.put("jsonrpc", "2.0");
        request.put("id", nextId++);
        request.put("method", method);
        request.set("params", JSON.valueToTree(params));
        return request;
    }

    /** The result of one response object, or its error as an exception. */
    static JsonNode result(JsonNode response, String method) throws IOException {
        JsonNode error = response.get("error");
        if (error != null && !error.isNull()) {
            throw new RpcErrorException(
                    method, error.path("code").asLong(), error.path("message").asText(""));
        }
        JsonNode result = response.get("result");
        if (result == null) {
            throw new IOException(method + ": a response with neither result nor error: " + abbreviate(response));
        }
        return result;
    }

    long connects() {
        return http.connects();
    }

    static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() <= 200 ? text : text.substring(0, 200) + "...";
    }

    @Override
    public void close() {
        http.close();
    }

    /** A JSON-RPC error response. */
    static final class RpcErrorException extends IOException {

        private static final long serialVersionUID = 1L;

        private final long code;
        private final String rpcMessage;

        RpcErrorException(String method, long code, String message) {
            super(method + ": error " + code + ": " + message);
            this.code = code;
            this.rpcMessage = message;
        }

        long code() {
            return code;
        }

        /** The error's message as the node wrote it. */
        String rpcMessage() {
            return rpcMessage;
        }
    }
}
