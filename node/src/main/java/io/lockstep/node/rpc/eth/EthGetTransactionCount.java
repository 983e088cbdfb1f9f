package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Address;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;

/**
 * {@code eth_getTransactionCount(address, block)}: the account's nonce at a committed block, or with
 * {@code pending} the next nonce after its transactions waiting in the mempool.
 */
final class EthGetTransactionCount implements RpcMethod {

    private final ChainAccess chain;

    EthGetTransactionCount(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_TRANSACTION_COUNT.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1, 2);
        Address address = Address.of(params.address(0));
        BlockSelector block = BlockSelector.param(params, 1, BlockTag.Named.LATEST);
        if (block instanceof BlockSelector.ByTag byTag && byTag.tag() == BlockTag.Named.PENDING) {
            return Hex.quantity(chain.mempool().pendingNonce(address));
        }
        byte[] account = chain.state(block).get(StateKeys.account(address));
        return Hex.quantity(Account.decodeOrEmpty(account).nonce());
    }
}
