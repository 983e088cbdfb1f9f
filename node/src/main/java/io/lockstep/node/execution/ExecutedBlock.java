package io.lockstep.node.execution;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.consensus.Proposal;
import io.lockstep.core.state.TreeUpdate;
import java.util.List;
import java.util.Objects;

/**
 * A block and everything executing it produced: the receipts, the state tree update that yields the
 * header's state root, and (for a block this node built) the candidates it left out.
 */
public record ExecutedBlock(
        Block block, List<Receipt> receipts, TreeUpdate stateUpdate, List<Proposal.Dropped> dropped) {

    public ExecutedBlock {
        Objects.requireNonNull(block, "block");
        receipts = List.copyOf(receipts);
        Objects.requireNonNull(stateUpdate, "stateUpdate");
        dropped = List.copyOf(dropped);
    }
}
