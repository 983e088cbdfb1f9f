package io.lockstep.node.rpc.eth;

import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/** {@code eth_chainId}: the EIP-155 chain id genesis fixed. */
final class EthChainId implements RpcMethod {

    private final ChainAccess chain;

    EthChainId(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_CHAIN_ID.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return Hex.quantity(chain.chain().rules().chainId());
    }
}
