package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Hash32;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.util.Optional;

/**
 * {@code lockstep_getInferenceResult(txHash)}: the outcome of a contract call, the kind of transaction that
 * runs inference: contract, status, gas and fuel used, return data (the result a contract returns) or the
 * error, and its logs. The chain keeps no per-model record of inferences yet, so whether the call loaded a
 * model is not known here: any contract call is answered. {@code null} for a transaction the chain does not
 * have; -32000 for one that is not a contract call.
 */
final class LockstepGetInferenceResult implements RpcMethod {

    private final ChainAccess chain;

    LockstepGetInferenceResult(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.LOCKSTEP_GET_INFERENCE_RESULT.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        Hash32 hash = Hash32.of(params.hash(0));
        Optional<CommittedTransaction> found = CommittedTransaction.find(chain, hash);
        if (found.isEmpty()) {
            return null;
        }
        CommittedTransaction tx = found.get();
        CommittedTransaction.Kind kind = tx.kind(chain);
        if (kind != CommittedTransaction.Kind.CALL) {
            throw new RpcException(
                    RpcErrorCode.SERVER_ERROR,
                    "transaction " + hash.toHex() + " is " + describe(kind) + ", not a contract call");
        }
        ObjectNode contract = JsonNodeFactory.instance.objectNode();
        contract.put("contract", tx.transaction().to().orElseThrow().toHex());
        return tx.outcome(contract);
    }

    private static String describe(CommittedTransaction.Kind kind) {
        return switch (kind) {
            case DEPLOY -> "a deploy";
            case TRANSFER -> "a value transfer";
            case MODEL_REGISTRATION -> "a model registration";
            case CALL -> "a contract call";
        };
    }
}
