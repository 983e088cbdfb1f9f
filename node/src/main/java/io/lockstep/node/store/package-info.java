/**
 * The node's storage: one RocksDB database per data directory, with the state tree's nodes, version
 * roots and stale records in their own column families, written one atomic, synced batch per block.
 */
package io.lockstep.node.store;
