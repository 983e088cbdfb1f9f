package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import java.util.Objects;

/** What the block being executed tells its transactions: height, time (seconds) and proposer. */
public record BlockContext(long height, long timestamp, Address proposer) {

    public BlockContext {
        Objects.requireNonNull(proposer, "proposer");
        if (height < 0 || timestamp < 0) {
            throw new IllegalArgumentException("height and timestamp must not be negative");
        }
    }
}
