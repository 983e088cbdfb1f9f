package io.lockstep.bench.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.web3j.utils.Numeric;

/** The few Ethereum JSON-RPC methods the generator and its set-up use, typed. Not thread-safe. */
final class EthApi implements AutoCloseable {

    private final RpcClient rpc;

    EthApi(URI url, int timeoutMillis) {
        this.rpc = new RpcClient(url, timeoutMillis);
    }

    RpcClient rpc() {
        return rpc;
    }

    long chainId() throws IOException {
        return quantity(rpc.call("eth_chainId"), "eth_chainId").longValueExact();
    }

    long blockNumber() throws IOException {
        return quantity(rpc.call("eth_blockNumber"), "eth_blockNumber").longValueExact();
    }

    /** The block at {@code height} with its transaction hashes only, or empty when there is none yet. */
    Optional<BlockSummary> block(long height) throws IOException {
        JsonNode block = rpc.call("eth_getBlockByNumber", "0x" + Long.toHexString(height), false);
        return block.isNull() ? Optional.empty() : Optional.of(BlockSummary.of(block));
    }

    /** The latest block's base fee per gas (zero on a chain without one). */
    BigInteger baseFee() throws IOException {
        JsonNode block = rpc.call("eth_getBlockByNumber", "latest", false);
        JsonNode fee = block.get("baseFeePerGas");
        return fee == null || fee.isNull() ? BigInteger.ZERO : quantity(fee, "baseFeePerGas");
    }

    /** The next nonce of {@code address}, counting its transactions waiting in the node's pool. */
    long pendingNonce(String address) throws IOException {
        return quantity(rpc.call("eth_getTransactionCount", address, "pending"), "eth_getTransactionCount")
                .longValueExact();
    }

    /** Sends a signed transaction; returns the hash the node gives it. */
    String sendRawTransaction(byte[] signed) throws IOException {
        return rpc.call("eth_sendRawTransaction", Numeric.toHexString(signed)).asText();
    }

    /** {@code eth_call} at the latest block; the return data. */
    byte[] call(String from, String to, byte[] data) throws IOException {
        JsonNode result =
                rpc.call("eth_call", Map.of("from", from, "to", to, "data", Numeric.toHexString(data)), "latest");
        return Numeric.hexStringToByteArray(result.asText());
    }

    /** The receipt of {@code hash}, or empty while it is not in a block. */
    Optional<ReceiptSummary> receipt(String hash) throws IOException {
        JsonNode receipt = rpc.call("eth_getTransactionReceipt", hash);
        if (receipt.isNull()) {
            return Optional.empty();
        }
        JsonNode address = receipt.get("contractAddress");
        return Optional.of(new ReceiptSummary(
                quantity(receipt.path("status"), "status").signum() == 1,
                quantity(receipt.path("blockNumber"), "blockNumber").longValueExact(),
                address == null || address.isNull() ? Optional.empty() : Optional.of(address.asText())));
    }

    static BigInteger quantity(JsonNode node, String what) throws IOException {
        String text = node.asText();
        if (!node.isTextual() || !text.startsWith("0x") || text.length() < 3) {
            throw new IOException(what + ": expected a 0x quantity, got " + RpcClient.abbreviate(node));
        }
        try {
            return new BigInteger(text.substring(2), 16);
        } catch (NumberFormatException e) {
            throw new IOException(what + ": expected a 0x quantity, got " + RpcClient.abbreviate(node), e);
        }
    }

    @Override
    public void close() {
        rpc.close();
    }

    /** A block as the generator needs it: its height, and the hashes of its transactions in lower case. */
    record BlockSummary(long number, List<String> transactions) {

        static BlockSummary of(JsonNode block) throws IOException {
            List<String> hashes = new ArrayList<>(block.path("transactions").size());
            for (JsonNode tx : block.path("transactions")) {
                // full=false gives hashes; a node that sends objects anyway still has their hash field.
                hashes.add(
                        (tx.isTextual() ? tx.asText() : tx.path("hash").asText()).toLowerCase(java.util.Locale.ROOT));
            }
            return new BlockSummary(quantity(block.path("number"), "number").longValueExact(), hashes);
        }
    }

    /** What set-up needs from a receipt. */
    record ReceiptSummary(boolean success, long blockNumber, Optional<String> contractAddress) {}
}
