package io.lockstep.node.rpc.eth;

import io.lockstep.node.execution.CallResult;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/**
 * {@code eth_estimateGas(transaction, block?)}: the gas the transaction uses on the committed state. Fuel
 * does not depend on the gas offered, so one run with the block's gas limit gives the exact need; the
 * answer holds as long as the state the call reads does not change before it is included.
 */
final class EthEstimateGas implements RpcMethod {

    private final ChainAccess chain;

    EthEstimateGas(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_ESTIMATE_GAS.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1, 2);
        CallResult result = EthCall.simulate(chain, params, BlockSelector.param(params, 1, BlockTag.Named.LATEST));
        return Hex.quantity(result.gasUsed());
    }
}
