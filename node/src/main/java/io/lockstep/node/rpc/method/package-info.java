/**
 * The JSON-RPC methods that do not need the chain, and the subscription methods; one class per method,
 * named after it. The chain's {@code eth_} and {@code lockstep_} methods live beside them.
 */
package io.lockstep.node.rpc.method;
