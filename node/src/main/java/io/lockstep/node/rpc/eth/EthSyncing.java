package io.lockstep.node.rpc.eth;

import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/** {@code eth_syncing}: always {@code false}; the single validator makes the chain, it never catches up. */
final class EthSyncing implements RpcMethod {

    @Override
    public String name() {
        return RpcMethodName.ETH_SYNCING.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return Boolean.FALSE;
    }
}
