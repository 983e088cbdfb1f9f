package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Address;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;

/** {@code eth_getBalance(address, block)}: the balance in wei at a committed block (number, tag or hash). */
final class EthGetBalance implements RpcMethod {

    private final ChainAccess chain;

    EthGetBalance(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_BALANCE.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1, 2);
        Address address = Address.of(params.address(0));
        BlockSelector block = BlockSelector.param(params, 1, BlockTag.Named.LATEST);
        byte[] account = chain.state(block).get(StateKeys.account(address));
        return Hex.quantity(Account.decodeOrEmpty(account).balance());
    }
}
