package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Address;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.CommittedState;
import io.lockstep.node.state.StateKeys;

/** {@code eth_getCode(address, block)}: a contract's wasm module as deployed, or {@code 0x}. */
final class EthGetCode implements RpcMethod {

    private final ChainAccess chain;

    EthGetCode(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_CODE.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1, 2);
        Address address = Address.of(params.address(0));
        CommittedState state = chain.state(BlockSelector.param(params, 1, BlockTag.Named.LATEST));
        Account account = Account.decodeOrEmpty(state.get(StateKeys.account(address)));
        if (account.codeHash().isEmpty()) {
            return "0x";
        }
        byte[] code = state.get(StateKeys.code(account.codeHash().get()));
        return Hex.data(code == null ? new byte[0] : code);
    }
}
