package io.lockstep.core.consensus;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.SignedTransaction;
import java.util.List;
import java.util.Objects;

/**
 * What a proposer builds a block from.
 *
 * @param timestamp the block's time in seconds, from the engine's clock port, never before the parent's
 * @param candidates transactions in the order the mempool offers them; invalid ones are left out
 * @param maxBytes the most bytes of transactions the block may carry
 */
public record ProposalRequest(
        long height, long timestamp, Address proposer, List<SignedTransaction> candidates, long maxBytes) {

    public ProposalRequest {
        Objects.requireNonNull(proposer, "proposer");
        candidates = List.copyOf(candidates);
        if (height <= 0 || timestamp < 0 || maxBytes <= 0) {
            throw new IllegalArgumentException("height and maxBytes must be positive, timestamp not negative");
        }
    }
}
