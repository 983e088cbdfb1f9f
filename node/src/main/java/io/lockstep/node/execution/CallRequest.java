package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import java.math.BigInteger;
import java.util.Objects;
import java.util.Optional;

/**
 * A call that is executed but never included ({@code eth_call}, {@code eth_estimateGas}): no signature, no
 * nonce, no fee; its writes are dropped.
 *
 * @param to empty to simulate a deploy
 * @param gas the gas it may use, intrinsic gas included
 */
public record CallRequest(Address from, Optional<Address> to, BigInteger value, byte[] data, long gas) {

    public CallRequest {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(value, "value");
        data = Objects.requireNonNull(data, "data").clone();
        if (value.signum() < 0) {
            throw new IllegalArgumentException("value must not be negative");
        }
        if (gas < 0) {
            throw new IllegalArgumentException("gas must not be negative");
        }
    }

    @Override
    public byte[] data() {
        return data.clone();
    }
}
