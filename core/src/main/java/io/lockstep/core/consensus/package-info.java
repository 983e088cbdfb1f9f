/**
 * The application port of consensus: the four calls through which a consensus engine (the node's
 * single-validator engine today, Tendermint later) drives the chain, in the manner of ABCI++. Unlike ABCI,
 * a block's header carries the state root, receipts root and gas of executing that same block, so the
 * proposer executes in {@link Application#prepareProposal} and every validator re-executes in {@link
 * Application#processProposal} before it votes: a divergent execution is refused, never committed.
 */
package io.lockstep.core.consensus;
