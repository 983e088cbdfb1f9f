package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Address;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@code lockstep_nodeInfo} reports about a node beyond its chain: the validator it runs as and how
 * its consensus makes blocks. The node fills it from its key and configuration.
 *
 * @param validator the address this node signs blocks as
 * @param consensusEngine the consensus engine, such as {@code single-validator}
 * @param consensusMode when blocks are made, such as {@code interval} or {@code on-demand}
 * @param blockTime the time between blocks in interval mode
 */
public record NodeDescription(Address validator, String consensusEngine, String consensusMode, Duration blockTime) {

    public NodeDescription {
        Objects.requireNonNull(validator, "validator");
        Objects.requireNonNull(consensusEngine, "consensusEngine");
        Objects.requireNonNull(consensusMode, "consensusMode");
        Objects.requireNonNull(blockTime, "blockTime");
    }
}
