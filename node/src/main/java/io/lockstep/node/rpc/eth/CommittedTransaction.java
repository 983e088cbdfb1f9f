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
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;
import java.util.List;
import java.util.Optional;

/**
 * A transaction of a committed block with its receipt, for the {@code lockstep_} methods that answer what a
 * transaction did, including what Ethereum's receipt has no member for: fuel used, return or revert data,
 * and the error text.
 *
 * @param firstLogIndex the block-wide index of the receipt's first log
 */
record CommittedTransaction(Block block, int index, Receipt receipt, int firstLogIndex) {

    /** What a transaction did, by its {@code to}. */
    enum Kind {
        CALL("call"),
        DEPLOY("deploy"),
        TRANSFER("transfer"),
        MODEL_REGISTRATION("modelRegistration");

        private final String wire;

        Kind(String wire) {
            this.wire = wire;
        }

        String wire() {
            return wire;
        }
    }

    /** The committed transaction with this hash, if the chain has one. */
    static Optional<CommittedTransaction> find(ChainAccess chain, Hash32 hash) {
        Optional<ChainRecords.Location> location = chain.chain().records().location(hash);
        if (location.isEmpty()) {
            return Optional.empty();
        }
        long height = location.get().height();
        int index = location.get().index();
        Block block = chain.chain().records().block(height).orElseThrow();
        List<Receipt> receipts = chain.receipts(height);
        int firstLog = 0;
        for (int i = 0; i < index; i++) {
            firstLog += receipts.get(i).logs().size();
        }
        return Optional.of(new CommittedTransaction(block, index, receipts.get(index), firstLog));
    }

    SignedTransaction transaction() {
        return block.transactions().get(index);
    }

    long height() {
        return block.header().height();
    }

    /**
     * Whether the transaction deployed, transferred, registered a model or called a contract. Running
     * contract code always uses fuel, except a call given no fuel at all; for that one the account's code
     * decides, read after the transaction's block while that state is kept and at the head after (contracts
     * are never removed).
     */
    Kind kind(ChainAccess chain) {
        SignedTransaction tx = transaction();
        if (tx.to().isEmpty()) {
            return Kind.DEPLOY;
        }
        Address to = tx.to().get();
        if (to.equals(ModelRegistryContract.ADDRESS)) {
            return Kind.MODEL_REGISTRATION;
        }
        if (receipt.fuelUsed() > 0) {
            return Kind.CALL;
        }
        long at = height() >= chain.chain().oldestStateHeight()
                ? height()
                : chain.head().height();
        byte[] account = chain.state(at).get(StateKeys.account(to));
        return Account.decodeOrEmpty(account).isContract() ? Kind.CALL : Kind.TRANSFER;
    }

    /** The members every answer about a transaction's outcome shares; {@code extra} are put after {@code from}. */
    ObjectNode outcome(ObjectNode extra) {
        SignedTransaction tx = transaction();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("transactionHash", tx.hash().toHex());
        out.put("blockHash", block.hash().toHex());
        out.put("blockNumber", Hex.quantity(height()));
        out.put("transactionIndex", Hex.quantity(index));
        out.put("from", tx.from().toHex());
        out.setAll(extra);
        out.put("status", receipt.success() ? "0x1" : "0x0");
        out.put("gasUsed", Hex.quantity(receipt.gasUsed()));
        out.put("fuelUsed", Hex.quantity(receipt.fuelUsed()));
        out.put("returnData", Hex.data(receipt.returnData()));
        receipt.error().ifPresent(error -> out.put("error", error));
        ArrayNode logs = out.putArray("logs");
        for (int i = 0; i < receipt.logs().size(); i++) {
            logs.add(EthJson.log(receipt.logs().get(i), block, index, firstLogIndex + i));
        }
        return out;
    }
}
