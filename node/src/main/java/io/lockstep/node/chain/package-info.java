/**
 * The chain as the node runs it: genesis, the application port consensus drives ({@link
 * ChainApplication}), and the records of committed blocks, receipts and their indexes in the chain store
 * ({@link ChainRecords}).
 */
package io.lockstep.node.chain;
