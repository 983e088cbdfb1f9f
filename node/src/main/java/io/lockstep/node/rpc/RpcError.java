package io.lockstep.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The error member of a JSON-RPC response. {@link #from} is the one place where a method's exception becomes
 * an error: an {@link RpcException} is sent as it is, anything else is logged and sent as a bare -32603.
 *
 * @param data the error's data, or null for none
 */
public record RpcError(RpcErrorCode code, String message, JsonNode data) {

    private static final Logger log = LoggerFactory.getLogger(RpcError.class);

    public RpcError {
        if (code == null || message == null) {
            throw new IllegalArgumentException("an error needs a code and a message");
        }
    }

    public static RpcError of(RpcErrorCode code, String message) {
        return new RpcError(code, message, null);
    }

    /** Converts what a method threw; internal failures are logged with their stack and never sent. */
    public static RpcError from(Throwable failure, String method) {
        if (failure instanceof RpcException e) {
            return new RpcError(e.code(), e.getMessage(), e.data().orElse(null));
        }
        log.error("rpc method failed method={}", method, failure);
        return of(RpcErrorCode.INTERNAL_ERROR, RpcErrorCode.INTERNAL_ERROR.defaultMessage());
    }

    public ObjectNode toJson() {
        ObjectNode error = JsonNodeFactory.instance.objectNode();
        error.put("code", code.code());
        error.put("message", message);
        if (data != null) {
            error.set("data", data);
        }
        return error;
    }
}
