/**
 * Ethereum-compatible chain types and their codecs: addresses and hashes, signed transactions (legacy
 * EIP-155 and EIP-1559, strictly decoded with the sender recovered), contract addresses, logs and their
 * bloom, receipts, block headers and blocks, and the SHA-256 list roots with inclusion proofs that blocks
 * commit to (docs/spec/chain.md). Pure computation: no I/O, no clock.
 */
package io.lockstep.core.chain;
