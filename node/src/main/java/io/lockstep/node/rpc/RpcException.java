package io.lockstep.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.Optional;

/**
 * A request the node answers with a JSON-RPC error: what a method throws for bad params, a reverted call, a
 * rejected transaction. It is the client's outcome, not a fault of the node, so it carries no stack trace.
 */
public final class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final RpcErrorCode code;
    private final transient JsonNode data;

    public RpcException(RpcErrorCode code, String message) {
        this(code, message, null);
    }

    /** {@code data} is sent as the error's {@code data} member; null leaves it out. */
    public RpcException(RpcErrorCode code, String message, JsonNode data) {
        super(message == null || message.isBlank() ? code.defaultMessage() : message, null, false, false);
        this.code = code;
        this.data = data;
    }

    public static RpcException invalidParams(String message) {
        return new RpcException(RpcErrorCode.INVALID_PARAMS, message);
    }

    public static RpcException limitExceeded(String message) {
        return new RpcException(RpcErrorCode.LIMIT_EXCEEDED, message);
    }

    /** A reverted call: {@code "execution reverted"}, with the revert output as hex data. */
    public static RpcException reverted(byte[] output) {
        return new RpcException(RpcErrorCode.EXECUTION_REVERTED, "execution reverted", hex(output));
    }

    /** A reverted call whose output decoded to a reason: {@code "execution reverted: <reason>"}. */
    public static RpcException reverted(String reason, byte[] output) {
        return new RpcException(RpcErrorCode.EXECUTION_REVERTED, "execution reverted: " + reason, hex(output));
    }

    public RpcErrorCode code() {
        return code;
    }

    public Optional<JsonNode> data() {
        return Optional.ofNullable(data);
    }

    private static JsonNode hex(byte[] output) {
        return TextNode.valueOf(Hex.data(output));
    }
}
