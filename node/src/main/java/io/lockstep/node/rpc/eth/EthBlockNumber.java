package io.lockstep.node.rpc.eth;

import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/** {@code eth_blockNumber}: the height of the last committed block. */
final class EthBlockNumber implements RpcMethod {

    private final ChainAccess chain;

    EthBlockNumber(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_BLOCK_NUMBER.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return Hex.quantity(chain.head().height());
    }
}
