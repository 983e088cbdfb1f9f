package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Hash32;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/** {@code eth_getBlockByHash(hash, full)}: the block, or {@code null} when there is none. */
final class EthGetBlockByHash implements RpcMethod {

    private final ChainAccess chain;

    EthGetBlockByHash(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_BLOCK_BY_HASH.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(2);
        Hash32 hash = Hash32.of(params.hash(0));
        boolean full = params.bool(1);
        return chain.block(hash).map(block -> EthJson.block(block, full)).orElse(null);
    }
}
