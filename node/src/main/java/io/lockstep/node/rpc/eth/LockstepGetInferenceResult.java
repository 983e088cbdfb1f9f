package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Hash32;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.vm.InferenceRecord;
import io.lockstep.vm.TensorDigest;
import java.util.List;
import java.util.Optional;

/**
 * {@code lockstep_getInferenceResult(txHash)}: the outcome of a contract call, the kind of transaction that
 * runs inference: contract, status, gas and fuel used, return data (the result a contract returns) or the
 * error, its logs, and {@code inferences}: each WASI-NN compute the call ran (model hash, fuel, and the
 * name, type, shape and SHA-256 of every input and output tensor), empty for a call that ran none or
 * failed. {@code null} for a transaction the chain does not have; -32000 for one that is not a contract
 * call.
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
        ObjectNode out = tx.outcome(contract);
        ArrayNode inferences = out.putArray("inferences");
        for (InferenceRecord record : chain.chain().records().inferences(hash)) {
            ObjectNode json = inferences.addObject();
            json.put("model", Hex.data(record.model().bytes()));
            json.put("fuel", Hex.quantity(record.fuel()));
            tensors(json.putArray("inputs"), record.inputs());
            tensors(json.putArray("outputs"), record.outputs());
        }
        return out;
    }

    private static void tensors(ArrayNode out, List<TensorDigest> tensors) {
        for (TensorDigest tensor : tensors) {
            ObjectNode json = out.addObject();
            json.put("name", tensor.name());
            json.put("dtype", tensor.dtype());
            ArrayNode shape = json.putArray("shape");
            tensor.shape().forEach(shape::add);
            json.put("sha256", Hex.data(tensor.sha256()));
        }
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
