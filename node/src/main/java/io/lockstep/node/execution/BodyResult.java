package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Log;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the body of a transaction did, after its intrinsic gas was paid: whether its effects stand, the gas
 * it used beyond the intrinsic gas, contract fuel, return data (or revert data), logs, and why it failed.
 */
record BodyResult(
        boolean success,
        long gasUsed,
        long fuelUsed,
        byte[] returnData,
        List<Log> logs,
        Optional<String> error,
        Optional<Address> contractAddress) {

    BodyResult {
        Objects.requireNonNull(returnData, "returnData");
        logs = List.copyOf(logs);
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(contractAddress, "contractAddress");
    }

    static BodyResult success(long gasUsed, long fuelUsed, byte[] returnData, List<Log> logs) {
        return new BodyResult(true, gasUsed, fuelUsed, returnData, logs, Optional.empty(), Optional.empty());
    }

    static BodyResult failure(long gasUsed, long fuelUsed, byte[] returnData, String error) {
        return new BodyResult(false, gasUsed, fuelUsed, returnData, List.of(), Optional.of(error), Optional.empty());
    }

    /** A revert with a reason encoded as Solidity's {@code Error(string)}. */
    static BodyResult reverted(long gasUsed, String reason) {
        return failure(gasUsed, 0, AbiCodec.errorReason(reason), "execution reverted: " + reason);
    }

    /** The same result with {@code gas} more used: a deploy's code gas before its constructor's. */
    BodyResult withGasAdded(long gas) {
        return new BodyResult(success, gasUsed + gas, fuelUsed, returnData, logs, error, contractAddress);
    }

    BodyResult withContractAddress(Address address) {
        return new BodyResult(success, gasUsed, fuelUsed, returnData, logs, error, Optional.of(address));
    }
}
