package io.lockstep.node.rpc.eth;

import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/**
 * {@code eth_gasPrice}: the base fee plus the suggested tip ({@link EthMaxPriorityFeePerGas}), the price at
 * which a legacy transaction is included in the next block.
 */
final class EthGasPrice implements RpcMethod {

    private final ChainAccess chain;

    EthGasPrice(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GAS_PRICE.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return Hex.quantity(chain.head().baseFeePerGas().add(EthMaxPriorityFeePerGas.SUGGESTED_TIP));
    }
}
