package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.RlpWriter;
import java.util.Arrays;
import java.util.Objects;

/** Where a deploy puts its contract, computed as Ethereum's {@code CREATE} does. */
public final class ContractAddress {

    private ContractAddress() {}

    /**
     * The last 20 bytes of {@code keccak256(rlp([sender, nonce]))}, with {@code nonce} the sender's nonce
     * that the deploy transaction used.
     */
    public static Address of(Address sender, long nonce) {
        Objects.requireNonNull(sender, "sender");
        if (nonce < 0) {
            throw new IllegalArgumentException("nonce is negative: " + nonce);
        }
        byte[] encoded = RlpWriter.encode(RlpWriter.list(RlpWriter.bytes(sender.bytes()), RlpWriter.uint(nonce)));
        byte[] hash = Hash32.keccak256(encoded).bytes();
        return Address.of(Arrays.copyOfRange(hash, Hash32.LENGTH - Address.LENGTH, Hash32.LENGTH));
    }
}
