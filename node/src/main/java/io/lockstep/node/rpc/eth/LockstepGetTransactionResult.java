package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/**
 * {@code lockstep_getTransactionResult(txHash)}: what any committed transaction did, with what Ethereum's
 * receipt has no member for: its kind ({@code call}, {@code deploy}, {@code transfer}, {@code
 * modelRegistration}), fuel used, return or revert data, and the receipt's error text (why a deploy was
 * refused, say). {@code null} for a transaction the chain does not have.
 */
final class LockstepGetTransactionResult implements RpcMethod {

    private final ChainAccess chain;

    LockstepGetTransactionResult(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.LOCKSTEP_GET_TRANSACTION_RESULT.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        return CommittedTransaction.find(chain, Hash32.of(params.hash(0)))
                .map(this::describe)
                .orElse(null);
    }

    private ObjectNode describe(CommittedTransaction committed) {
        SignedTransaction tx = committed.transaction();
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        if (tx.to().isPresent()) {
            extra.put("to", tx.to().get().toHex());
        } else {
            extra.putNull("to");
        }
        extra.put("kind", committed.kind(chain).wire());
        if (tx.isDeploy() && committed.receipt().contractAddress().isPresent()) {
            extra.put(
                    "contractAddress",
                    committed.receipt().contractAddress().get().toHex());
        } else {
            extra.putNull("contractAddress");
        }
        return committed.outcome(extra);
    }
}
