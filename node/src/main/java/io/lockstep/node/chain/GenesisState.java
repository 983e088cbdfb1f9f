package io.lockstep.node.chain;

import io.lockstep.core.chain.Address;
import io.lockstep.node.execution.ChainRules;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What block 0 is made of: the chain's rules, its time, the proposer recorded in its header, and the
 * initial balances.
 */
public record GenesisState(ChainRules rules, long timestamp, Address proposer, Map<Address, BigInteger> alloc) {

    public GenesisState {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(proposer, "proposer");
        alloc = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(alloc));
        if (timestamp < 0) {
            throw new IllegalArgumentException("genesis time must not be negative");
        }
        BigInteger total = BigInteger.ZERO;
        for (BigInteger balance : alloc.values()) {
            if (balance.signum() < 0) {
                throw new IllegalArgumentException("genesis balances must not be negative");
            }
            total = total.add(balance);
        }
        // Bounded well below 2^256 so that no sum of balances can ever overflow an account.
        if (total.bitLength() > 200) {
            throw new IllegalArgumentException("genesis balances add up to more than 2^200 wei");
        }
    }
}
