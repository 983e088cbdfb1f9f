package io.lockstep.node.rpc;

/**
 * Every JSON-RPC error code the node answers with. The codes and their meanings follow JSON-RPC 2.0 and the
 * Ethereum execution APIs, so that wallets and Web3j recognise them; append only, never renumber.
 */
public enum RpcErrorCode {
    /** The body is not JSON. */
    PARSE_ERROR(-32700, "parse error"),
    /** JSON, but not a JSON-RPC 2.0 request (or an empty or oversized batch). */
    INVALID_REQUEST(-32600, "invalid request"),
    /** No method of that name is served (or not over this transport). */
    METHOD_NOT_FOUND(-32601, "method not found"),
    /** The params do not fit the method: count, type or encoding. */
    INVALID_PARAMS(-32602, "invalid params"),
    /** A failure inside the node; details are logged, never sent. */
    INTERNAL_ERROR(-32603, "internal error"),
    /** A call or gas estimate reverted; the error's data carries the revert output as hex. */
    EXECUTION_REVERTED(3, "execution reverted"),
    /** A server-side failure that is the request's own, e.g. a transaction that cannot be executed. */
    SERVER_ERROR(-32000, "server error"),
    /** A transaction the node refuses to accept into its pool. */
    TRANSACTION_REJECTED(-32003, "transaction rejected"),
    /** A limit was hit: request size, queue, subscriptions per connection. */
    LIMIT_EXCEEDED(-32005, "limit exceeded");

    private final int code;
    private final String defaultMessage;

    RpcErrorCode(int code, String defaultMessage) {
        this.code = code;
        this.defaultMessage = defaultMessage;
    }

    public int code() {
        return code;
    }

    public String defaultMessage() {
        return defaultMessage;
    }
}
