package io.lockstep.node.chain;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.consensus.Proposal;
import java.util.List;

/** A block just made durable, its receipts, and the candidates its proposer left out for good. */
public record CommittedBlock(Block block, List<Receipt> receipts, List<Proposal.Dropped> dropped) {

    public CommittedBlock {
        receipts = List.copyOf(receipts);
        dropped = List.copyOf(dropped);
    }
}
