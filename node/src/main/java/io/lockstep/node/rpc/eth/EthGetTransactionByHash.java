package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Hash32;
import io.lockstep.node.chain.ChainRecords;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.util.Optional;

/**
 * {@code eth_getTransactionByHash(hash)}: an included transaction with its block, a pending one from the
 * mempool with null block fields, or {@code null}.
 */
final class EthGetTransactionByHash implements RpcMethod {

    private final ChainAccess chain;

    EthGetTransactionByHash(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_TRANSACTION_BY_HASH.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        Hash32 hash = Hash32.of(params.hash(0));
        Optional<ChainRecords.Location> location = chain.chain().records().location(hash);
        if (location.isPresent()) {
            Block block = chain.chain().records().block(location.get().height()).orElseThrow();
            int index = location.get().index();
            return EthJson.transaction(block.transactions().get(index), block, index);
        }
        return chain.mempool()
                .get(hash)
                .map(tx -> EthJson.transaction(tx, null, 0))
                .orElse(null);
    }
}
