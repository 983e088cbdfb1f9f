package io.lockstep.core.consensus;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Receipt;
import java.util.List;
import java.util.Objects;

/** A decided block and the receipts of its transactions, in order. */
public record FinalizedBlock(Block block, List<Receipt> receipts) {

    public FinalizedBlock {
        Objects.requireNonNull(block, "block");
        receipts = List.copyOf(receipts);
        if (receipts.size() != block.transactions().size()) {
            throw new IllegalArgumentException("one receipt per transaction");
        }
    }
}
