package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TxType;
import io.lockstep.node.rpc.Hex;
import java.util.List;

/**
 * Blocks, transactions, receipts and logs in the JSON shapes of the Ethereum execution APIs, so that
 * Web3j, ethers and wallets read them unchanged. Fields Ethereum has and this chain does not (uncles,
 * proof-of-work nonce and difficulty, mix hash) carry their post-merge constant values. Only Ethereum's members
 * are written, since the execution-apis schemas forbid others in receipts and clients compare shapes: what this
 * chain adds (fuel used, return data, error text) is answered by {@code lockstep_getTransactionResult}.
 */
public final class EthJson {

    /** keccak256(rlp([])): the hash of an empty uncle list, as every post-merge block has. */
    static final String EMPTY_UNCLES_HASH = "0x1dcc4de8dec75d7aab85b567b6ccd41ad312451b948a7413f0a142fd40d49347";

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    private static final String ZERO_NONCE = "0x0000000000000000";

    private EthJson() {}

    /** A block with transaction hashes, or with whole transactions when {@code full}. */
    public static ObjectNode block(Block block, boolean full) {
        BlockHeader h = block.header();
        ObjectNode out = JSON.objectNode();
        out.put("number", Hex.quantity(h.height()));
        out.put("hash", block.hash().toHex());
        out.put("parentHash", h.parentHash().toHex());
        out.put("nonce", ZERO_NONCE);
        out.put("sha3Uncles", EMPTY_UNCLES_HASH);
        out.put("logsBloom", Hex.data(h.logsBloom().bytes()));
        out.put("transactionsRoot", h.transactionsRoot().toHex());
        out.put("stateRoot", h.stateRoot().toHex());
        out.put("receiptsRoot", h.receiptsRoot().toHex());
        out.put("miner", h.proposer().toHex());
        out.put("difficulty", "0x0");
        out.put("extraData", Hex.data(h.extraData()));
        out.put("size", Hex.quantity(block.encode().length));
        out.put("gasLimit", Hex.quantity(h.gasLimit()));
        out.put("gasUsed", Hex.quantity(h.gasUsed()));
        out.put("timestamp", Hex.quantity(h.timestamp()));
        out.put("mixHash", Hash32.ZERO.toHex());
        out.put("baseFeePerGas", Hex.quantity(h.baseFeePerGas()));
        ArrayNode txs = out.putArray("transactions");
        List<SignedTransaction> transactions = block.transactions();
        for (int i = 0; i < transactions.size(); i++) {
            if (full) {
                txs.add(transaction(transactions.get(i), block, i));
            } else {
                txs.add(transactions.get(i).hash().toHex());
            }
        }
        out.putArray("uncles");
        return out;
    }

    /** The header alone, as {@code newHeads} subscriptions send it. */
    public static ObjectNode header(Block block) {
        ObjectNode out = block(block, false);
        out.remove("transactions");
        out.remove("uncles");
        out.remove("size");
        return out;
    }

    /** A transaction included in {@code block} at {@code index}; {@code block} null for a pending one. */
    public static ObjectNode transaction(SignedTransaction tx, Block block, int index) {
        ObjectNode out = JSON.objectNode();
        out.put("type", Hex.quantity(tx.type() == TxType.EIP1559 ? 2 : 0));
        out.put("hash", tx.hash().toHex());
        out.put("nonce", Hex.quantity(tx.nonce()));
        if (block != null) {
            out.put("blockHash", block.hash().toHex());
            out.put("blockNumber", Hex.quantity(block.header().height()));
            out.put("blockTimestamp", Hex.quantity(block.header().timestamp()));
            out.put("transactionIndex", Hex.quantity(index));
        } else {
            out.putNull("blockHash");
            out.putNull("blockNumber");
            out.putNull("blockTimestamp");
            out.putNull("transactionIndex");
        }
        out.put("from", tx.from().toHex());
        if (tx.to().isPresent()) {
            out.put("to", tx.to().get().toHex());
        } else {
            out.putNull("to");
        }
        out.put("value", Hex.quantity(tx.value()));
        out.put("gas", Hex.quantity(tx.gasLimit()));
        out.put("input", Hex.data(tx.data()));
        if (tx.type() == TxType.EIP1559) {
            out.put("maxFeePerGas", Hex.quantity(tx.maxFeePerGas()));
            out.put("maxPriorityFeePerGas", Hex.quantity(tx.maxPriorityFeePerGas()));
            out.put(
                    "gasPrice",
                    Hex.quantity(
                            block != null ? tx.effectiveGasPrice(block.header().baseFeePerGas()) : tx.maxFeePerGas()));
            out.putArray("accessList");
            out.put("chainId", Hex.quantity(tx.chainId()));
            out.put("v", Hex.quantity(tx.v()));
            out.put("yParity", Hex.quantity(tx.v()));
        } else {
            out.put("gasPrice", Hex.quantity(tx.gasPrice()));
            out.put("chainId", Hex.quantity(tx.chainId()));
            out.put("v", Hex.quantity(tx.v()));
        }
        out.put("r", Hex.quantity(tx.r()));
        out.put("s", Hex.quantity(tx.s()));
        return out;
    }

    /**
     * The receipt of the transaction at {@code index} of {@code block}.
     *
     * @param firstLogIndex the block-wide index of the receipt's first log
     */
    public static ObjectNode receipt(Receipt receipt, Block block, int index, int firstLogIndex) {
        SignedTransaction tx = block.transactions().get(index);
        ObjectNode out = JSON.objectNode();
        out.put("type", Hex.quantity(tx.type() == TxType.EIP1559 ? 2 : 0));
        out.put("transactionHash", tx.hash().toHex());
        out.put("transactionIndex", Hex.quantity(index));
        out.put("blockHash", block.hash().toHex());
        out.put("blockNumber", Hex.quantity(block.header().height()));
        out.put("from", tx.from().toHex());
        if (tx.to().isPresent()) {
            out.put("to", tx.to().get().toHex());
        } else {
            out.putNull("to");
        }
        out.put("cumulativeGasUsed", Hex.quantity(receipt.cumulativeGasUsed()));
        out.put("gasUsed", Hex.quantity(receipt.gasUsed()));
        out.put("effectiveGasPrice", Hex.quantity(receipt.effectiveGasPrice()));
        if (receipt.contractAddress().isPresent() && tx.isDeploy()) {
            out.put("contractAddress", receipt.contractAddress().get().toHex());
        } else {
            out.putNull("contractAddress");
        }
        ArrayNode logs = out.putArray("logs");
        List<Log> entries = receipt.logs();
        for (int i = 0; i < entries.size(); i++) {
            logs.add(log(entries.get(i), block, index, firstLogIndex + i));
        }
        out.put("logsBloom", Hex.data(receipt.logsBloom().bytes()));
        out.put("status", receipt.success() ? "0x1" : "0x0");
        return out;
    }

    /** A log of the transaction at {@code txIndex} of {@code block}, {@code logIndex} counted over the block. */
    public static ObjectNode log(Log log, Block block, int txIndex, int logIndex) {
        ObjectNode out = JSON.objectNode();
        out.put("removed", false);
        out.put("logIndex", Hex.quantity(logIndex));
        out.put("transactionIndex", Hex.quantity(txIndex));
        out.put("transactionHash", block.transactions().get(txIndex).hash().toHex());
        out.put("blockHash", block.hash().toHex());
        out.put("blockNumber", Hex.quantity(block.header().height()));
        out.put("blockTimestamp", Hex.quantity(block.header().timestamp()));
        out.put("address", log.address().toHex());
        out.put("data", Hex.data(log.data()));
        ArrayNode topics = out.putArray("topics");
        for (Hash32 topic : log.topics()) {
            topics.add(topic.toHex());
        }
        return out;
    }

    static String address(Address address) {
        return address.toHex();
    }
}
