/**
 * Executing transactions and blocks against the chain state: the gas and fee rules ({@link ChainRules}), the
 * rules a transaction must meet to be included, shared with the mempool ({@link InclusionRules}),
 * one transaction ({@link TransactionExecutor}), one block ({@link BlockExecutor}), contract calls on the
 * VM with their storage and models read from the state the call executes against, and the model registry
 * that transactions register ONNX models through.
 *
 * <p>Everything here is consensus: the same block executed on any node gives the same receipts, fuel and
 * state root. Nothing reads the clock, the environment or local configuration; the block's context comes
 * in as a value.
 */
package io.lockstep.node.execution;
