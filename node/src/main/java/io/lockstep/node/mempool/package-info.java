/**
 * Transactions waiting for a block: admitted after the checks a block would make (signature, chain id,
 * nonce, fees, balance), kept in per-sender nonce order, replaced only by a higher fee, bounded in count and
 * bytes, and offered to the proposer by priority.
 */
package io.lockstep.node.mempool;
