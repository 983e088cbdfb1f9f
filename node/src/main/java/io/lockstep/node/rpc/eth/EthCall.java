package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Block;
import io.lockstep.node.execution.CallRequest;
import io.lockstep.node.execution.CallResult;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.CommittedState;

/**
 * {@code eth_call(transaction, block)}: runs a call on a committed state without a transaction and answers
 * its return data. A revert is error 3 with the revert data (and the reason when it is {@code
 * Error(string)}); running out of gas or a trap is -32000.
 */
final class EthCall implements RpcMethod {

    private final ChainAccess chain;

    EthCall(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_CALL.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1, 2);
        CallResult result = simulate(chain, params, BlockSelector.param(params, 1, BlockTag.Named.LATEST));
        return Hex.data(result.returnData());
    }

    /** Runs the call of {@code params[0]} at {@code at}; failures become the errors Ethereum clients give. */
    static CallResult simulate(ChainAccess chain, RpcParams params, BlockSelector at) {
        Block block = chain.requireBlock(at);
        // The block's own height, not the selector again: a tag resolved twice could name two blocks.
        CommittedState state = chain.state(block.header().height());
        CallRequest request = CallObject.parse(params.object(0), block.header().gasLimit());
        CallResult result =
                chain.chain().executor().transactions().simulate(request, ChainAccess.context(block), state);
        if (result.success()) {
            return result;
        }
        if (result.reverted()) {
            throw RevertReasons.exception(result.returnData());
        }
        throw new RpcException(RpcErrorCode.SERVER_ERROR, result.error().orElse("call failed"));
    }
}
