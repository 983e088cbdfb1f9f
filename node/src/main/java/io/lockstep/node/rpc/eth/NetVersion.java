package io.lockstep.node.rpc.eth;

import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/** {@code net_version}: the chain id in decimal, as Ethereum clients answer it. */
final class NetVersion implements RpcMethod {

    private final ChainAccess chain;

    NetVersion(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.NET_VERSION.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return Long.toString(chain.chain().rules().chainId());
    }
}
