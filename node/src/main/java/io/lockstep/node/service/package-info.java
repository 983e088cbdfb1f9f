/**
 * A running node: {@link LockstepNode} opens the chain store, the VM, the chain application, the mempool,
 * the consensus engine, the JSON-RPC server and the metrics endpoint from a configuration and a genesis,
 * and closes them in order.
 */
package io.lockstep.node.service;
