package io.lockstep.core.consensus;

import io.lockstep.core.chain.Block;
import java.util.List;
import java.util.Objects;

/**
 * A block built by {@link Application#prepareProposal}, and the candidates left out of it because they can
 * never be included as they stand (wrong nonce, unaffordable...), so that the mempool can drop them.
 * Candidates left out only because the block was full are in neither list.
 */
public record Proposal(Block block, List<Dropped> dropped) {

    public Proposal {
        Objects.requireNonNull(block, "block");
        dropped = List.copyOf(dropped);
    }

    /** A candidate left out, by transaction hash, and why. */
    public record Dropped(io.lockstep.core.chain.Hash32 transaction, String reason) {
        public Dropped {
            Objects.requireNonNull(transaction, "transaction");
            Objects.requireNonNull(reason, "reason");
        }
    }
}
