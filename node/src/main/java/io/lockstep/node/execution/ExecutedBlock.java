package io.lockstep.node.execution;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.consensus.Proposal;
import io.lockstep.core.state.TreeUpdate;
import io.lockstep.vm.InferenceRecord;
import java.util.List;
import java.util.Objects;

/**
 * A block and everything executing it produced: the receipts, the inferences each transaction ran (one
 * list per transaction, in block order; not part of any root), the state tree update that yields the
 * header's state root, and (for a block this node built) the candidates it left out.
 */
public record ExecutedBlock(
        Block block,
        List<Receipt> receipts,
        List<List<InferenceRecord>> inferences,
        TreeUpdate stateUpdate,
        List<Proposal.Dropped> dropped) {

    public ExecutedBlock {
        Objects.requireNonNull(block, "block");
        receipts = List.copyOf(receipts);
        inferences = inferences.stream().map(List::copyOf).toList();
        if (inferences.size() != receipts.size()) {
            throw new IllegalArgumentException(
                    inferences.size() + " lists of inferences for " + receipts.size() + " receipts");
        }
        Objects.requireNonNull(stateUpdate, "stateUpdate");
        dropped = List.copyOf(dropped);
    }
}
