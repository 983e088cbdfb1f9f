/**
 * The node's Ethereum JSON-RPC 2.0 endpoint: {@link io.lockstep.node.rpc.RpcServer} (HTTP and WebSocket on one
 * port, Netty), {@link io.lockstep.node.rpc.RpcDispatcher} (requests, batches, notifications, errors), one
 * {@link io.lockstep.node.rpc.RpcMethod} class per method registered in a {@link
 * io.lockstep.node.rpc.RpcMethodRegistry}, typed params ({@link io.lockstep.node.rpc.RpcParams}), error codes
 * ({@link io.lockstep.node.rpc.RpcErrorCode}) and WebSocket subscriptions ({@link
 * io.lockstep.node.rpc.SubscriptionHub}). The wire contract is {@code docs/spec/rpc.md}.
 */
package io.lockstep.node.rpc;
