package io.lockstep.node.rpc;

/**
 * One JSON-RPC method. Adding a method is one class implementing this and one registration; its wire name
 * comes from {@link RpcMethodName}. {@link #execute} runs on a worker thread, never on a network thread,
 * and may block on the chain; it may be called from several threads at once.
 */
public interface RpcMethod {

    /** The wire name, e.g. {@code eth_blockNumber}. */
    String name();

    /**
     * Executes one request. The result is sent as the response's {@code result}: a {@link
     * com.fasterxml.jackson.databind.JsonNode}, a string, a boolean, null, or anything Jackson serializes.
     * Client errors are thrown as {@link RpcException}; anything else thrown becomes -32603 and is logged.
     */
    Object execute(RpcParams params);
}
