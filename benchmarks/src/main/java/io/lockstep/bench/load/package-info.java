/**
 * The node under load. {@link io.lockstep.bench.load.LoadGenerator} drives any node's JSON-RPC endpoint
 * with one of four scenarios (native transfers, classifier calls, {@code eth_blockNumber}, {@code eth_call}
 * of a contract view), signing its own transactions and measuring inclusion by following blocks;
 * {@link io.lockstep.bench.load.NodeLoadRun} starts a dev node per scenario, prepares the chain, runs the
 * generator and samples the node's memory and CPU; {@link io.lockstep.bench.load.ClassifierSetup} prepares
 * any chain for the classifier scenarios; {@link io.lockstep.bench.load.JfrProfile} reads a recording of
 * the node. Results and how to run them: docs/benchmarks.md, "Node under load".
 */
package io.lockstep.bench.load;
