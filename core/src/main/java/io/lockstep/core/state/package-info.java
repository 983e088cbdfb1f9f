/**
 * The authenticated state: a binary sparse Merkle tree over SHA-256 key hashes with versioned roots,
 * membership and non-membership proofs, and the proof format other chains verify
 * (docs/spec/state.md). Pure computation over a {@link io.lockstep.core.state.NodeReader}: storing the
 * nodes (RocksDB in the node) is the caller's business.
 */
package io.lockstep.core.state;
