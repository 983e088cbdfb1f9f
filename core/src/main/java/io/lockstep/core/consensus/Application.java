package io.lockstep.core.consensus;

import io.lockstep.core.chain.Block;

/**
 * The chain as consensus sees it. Calls come from one thread, in this order per height: the proposer calls
 * {@link #prepareProposal}; every validator calls {@link #processProposal} on the proposal it received
 * (the proposer on its own too); once a block is decided, {@link #finalizeBlock} then {@link #commit}.
 */
public interface Application {

    /** Builds and executes the block this node proposes, from the candidate transactions in order. */
    Proposal prepareProposal(ProposalRequest request);

    /** Re-executes a proposed block and says whether it is valid, its header's results included. */
    ProposalVerdict processProposal(Block proposal);

    /**
     * Applies a decided block, which {@link #processProposal} accepted on this node or which comes with a
     * commit of the validators, and returns its results. Nothing is durable before {@link #commit}.
     */
    FinalizedBlock finalizeBlock(Block decided);

    /** Makes the finalized block durable, atomically, and returns the height now committed. */
    long commit();

    /** The height of the last committed block (0 is genesis). */
    long committedHeight();
}
