package io.lockstep.node.rpc.eth;

import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.math.BigInteger;

/**
 * {@code eth_maxPriorityFeePerGas}: the suggested tip. Zero: blocks have room and the single validator
 * includes every valid transaction in arrival order of its tip, so paying more buys nothing today.
 */
final class EthMaxPriorityFeePerGas implements RpcMethod {

    static final BigInteger SUGGESTED_TIP = BigInteger.ZERO;

    @Override
    public String name() {
        return RpcMethodName.ETH_MAX_PRIORITY_FEE_PER_GAS.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return Hex.quantity(SUGGESTED_TIP);
    }
}
