package io.lockstep.node.rpc.eth;

import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/** {@code eth_getBlockByNumber(block, full)}: the block, or {@code null} when there is none. */
final class EthGetBlockByNumber implements RpcMethod {

    private final ChainAccess chain;

    EthGetBlockByNumber(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_BLOCK_BY_NUMBER.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(2);
        boolean full = params.bool(1);
        return chain.block(params.blockTag(0))
                .map(block -> EthJson.block(block, full))
                .orElse(null);
    }
}
