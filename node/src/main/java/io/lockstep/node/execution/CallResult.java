package io.lockstep.node.execution;

import io.lockstep.core.chain.Log;
import java.util.List;
import java.util.Optional;

/**
 * What a simulated call did: whether it succeeded, the gas it used in all (what {@code eth_estimateGas}
 * answers: fuel does not depend on the gas offered, so the gas a successful run used is the gas it
 * needs), its return or revert data, and its logs.
 */
public record CallResult(
        boolean success, long gasUsed, long fuelUsed, byte[] returnData, List<Log> logs, Optional<String> error) {

    public CallResult {
        returnData = returnData.clone();
        logs = List.copyOf(logs);
    }

    @Override
    public byte[] returnData() {
        return returnData.clone();
    }

    /** Whether the contract reverted (rather than ran out of gas or trapped): JSON-RPC error code 3. */
    public boolean reverted() {
        return !success && error.map(e -> e.startsWith("execution reverted")).orElse(false);
    }
}
