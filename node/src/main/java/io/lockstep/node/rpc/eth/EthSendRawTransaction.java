package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.InvalidTransactionException;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.node.mempool.Admission;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/**
 * {@code eth_sendRawTransaction(data)}: decodes and verifies a signed transaction and offers it to the
 * mempool; answers its hash. A transaction that cannot be decoded or verified is -32602 naming the reason; one
 * the mempool refuses is -32000 with the mempool's reason, worded as Ethereum clients word it ({@code nonce
 * too low}, {@code insufficient funds for gas * price + value}...), which is what Web3j and ethers look for.
 */
final class EthSendRawTransaction implements RpcMethod {

    private final ChainAccess chain;

    EthSendRawTransaction(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_SEND_RAW_TRANSACTION.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        SignedTransaction tx;
        try {
            tx = TransactionDecoder.decode(params.data(0));
        } catch (InvalidTransactionException e) {
            throw RpcException.invalidParams("invalid transaction: " + e.getMessage());
        }
        Admission admission = chain.mempool().add(tx);
        if (admission instanceof Admission.Rejected rejected) {
            throw new RpcException(RpcErrorCode.SERVER_ERROR, rejected.message());
        }
        return tx.hash().toHex();
    }
}
