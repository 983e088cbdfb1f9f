package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.chain.ChainRecords;
import io.lockstep.node.execution.ModelRegistryContract;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;
import java.util.List;
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
        Optional<ChainRecords.Location> location = chain.chain().records().location(hash);
        if (location.isEmpty()) {
            return null;
        }
        long height = location.get().height();
        int index = location.get().index();
        Block block = chain.chain().records().block(height).orElseThrow();
        SignedTransaction tx = block.transactions().get(index);
        List<Receipt> receipts = chain.receipts(height);
        Receipt receipt = receipts.get(index);
        Address contract = contractCalled(tx, receipt, height)
                .orElseThrow(() -> new RpcException(
                        RpcErrorCode.SERVER_ERROR,
                        "transaction " + hash.toHex() + " is " + kind(tx) + ", not a contract call"));
        int firstLog = 0;
        for (int i = 0; i < index; i++) {
            firstLog += receipts.get(i).logs().size();
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("transactionHash", hash.toHex());
        out.put("blockHash", block.hash().toHex());
        out.put("blockNumber", Hex.quantity(height));
        out.put("transactionIndex", Hex.quantity(index));
        out.put("from", tx.from().toHex());
        out.put("contract", contract.toHex());
        out.put("status", receipt.success() ? "0x1" : "0x0");
        out.put("gasUsed", Hex.quantity(receipt.gasUsed()));
        out.put("fuelUsed", Hex.quantity(receipt.fuelUsed()));
        out.put("returnData", Hex.data(receipt.returnData()));
        receipt.error().ifPresent(error -> out.put("error", error));
        ArrayNode logs = out.putArray("logs");
        for (int i = 0; i < receipt.logs().size(); i++) {
            logs.add(EthJson.log(receipt.logs().get(i), block, index, firstLog + i));
        }
        return out;
    }

    /**
     * The contract {@code tx} called, if it called one. Running contract code always uses fuel, except a call
     * given no fuel at all; for that one the account's code decides, read after the transaction's block
     * while that state is kept and at the head after (contracts are never removed).
     */
    private Optional<Address> contractCalled(SignedTransaction tx, Receipt receipt, long height) {
        if (tx.to().isEmpty() || tx.to().get().equals(ModelRegistryContract.ADDRESS)) {
            return Optional.empty();
        }
        Address to = tx.to().get();
        if (receipt.fuelUsed() > 0) {
            return Optional.of(to);
        }
        long at = height >= chain.chain().oldestStateHeight()
                ? height
                : chain.head().height();
        byte[] account = chain.state(at).get(StateKeys.account(to));
        return Account.decodeOrEmpty(account).isContract() ? Optional.of(to) : Optional.empty();
    }

    private static String kind(SignedTransaction tx) {
        if (tx.to().isEmpty()) {
            return "a deploy";
        }
        return tx.to().get().equals(ModelRegistryContract.ADDRESS) ? "a model registration" : "a value transfer";
    }
}
