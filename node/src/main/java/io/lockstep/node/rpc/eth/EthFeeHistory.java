package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Receipt;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * {@code eth_feeHistory(blockCount, newestBlock, rewardPercentiles?)}: base fees, gas used ratios and, when
 * percentiles are given, the tips paid in the {@code blockCount} blocks up to {@code newestBlock} (fewer
 * when the chain is shorter). {@code baseFeePerGas} has one entry more than the blocks: the next block's,
 * which genesis fixes like every other. A block's reward at percentile {@code p} is the effective tip
 * ({@code effectiveGasPrice − baseFee}) of the transaction reached when the block's transactions, sorted by
 * tip, have used {@code p}% of its gas, as Ethereum clients compute it; an empty block's rewards are zero.
 */
final class EthFeeHistory implements RpcMethod {

    static final int MAX_BLOCKS = 1024;
    static final int MAX_PERCENTILES = 100;

    private static final BigDecimal HUNDRED = BigDecimal.valueOf(100);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ChainAccess chain;

    EthFeeHistory(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_FEE_HISTORY.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(2, 3);
        long count = blockCount(params);
        long newest = chain.height(params.blockTag(1));
        List<BigDecimal> percentiles = params.has(2) ? percentiles(params.raw(2)) : null;
        if (newest > chain.head().height()) {
            throw new RpcException(RpcErrorCode.SERVER_ERROR, "header not found");
        }
        long oldest = Math.max(0, newest - count + 1);
        ObjectNode out = JSON.objectNode();
        out.put("oldestBlock", Hex.quantity(oldest));
        ArrayNode baseFees = out.putArray("baseFeePerGas");
        ArrayNode ratios = out.putArray("gasUsedRatio");
        ArrayNode rewards = percentiles == null || percentiles.isEmpty() ? null : out.putArray("reward");
        for (long height = oldest; height <= newest; height++) {
            BlockHeader header = chain.header(height).orElseThrow(() -> new IllegalStateException("no header"));
            baseFees.add(Hex.quantity(header.baseFeePerGas()));
            ratios.add((double) header.gasUsed() / header.gasLimit());
            if (rewards != null) {
                ArrayNode row = rewards.addArray();
                for (BigInteger reward : rewards(header, percentiles)) {
                    row.add(Hex.quantity(reward));
                }
            }
        }
        baseFees.add(Hex.quantity(chain.header(newest + 1)
                .map(BlockHeader::baseFeePerGas)
                .orElse(chain.chain().rules().baseFeePerGas())));
        return out;
    }

    /** The tips at {@code percentiles} of gas used in the block, lowest tip first. */
    private List<BigInteger> rewards(BlockHeader header, List<BigDecimal> percentiles) {
        List<Receipt> receipts = header.gasUsed() == 0 ? List.of() : chain.receipts(header.height());
        List<BigInteger> out = new ArrayList<>(percentiles.size());
        if (receipts.isEmpty()) {
            percentiles.forEach(p -> out.add(BigInteger.ZERO));
            return out;
        }
        BigInteger baseFee = header.baseFeePerGas();
        List<Receipt> sorted = new ArrayList<>(receipts);
        sorted.sort(Comparator.comparing(receipt -> receipt.effectiveGasPrice().subtract(baseFee)));
        int index = 0;
        long gasSoFar = sorted.get(0).gasUsed();
        for (BigDecimal percentile : percentiles) {
            long threshold = BigDecimal.valueOf(header.gasUsed())
                    .multiply(percentile)
                    .divide(HUNDRED)
                    .setScale(0, RoundingMode.FLOOR)
                    .longValueExact();
            while (gasSoFar < threshold && index < sorted.size() - 1) {
                index++;
                gasSoFar += sorted.get(index).gasUsed();
            }
            out.add(sorted.get(index).effectiveGasPrice().subtract(baseFee).max(BigInteger.ZERO));
        }
        return out;
    }

    /** {@code blockCount}: a quantity (or, as some clients send it, a decimal string or a JSON integer), 1 to 1024. */
    private static long blockCount(RpcParams params) {
        JsonNode value = params.raw(0);
        long count;
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            count = value.longValue();
        } else if (value.isTextual() && value.textValue().matches("[0-9]{1,18}")) {
            count = Long.parseLong(value.textValue());
        } else {
            count = params.quantityAsLong(0);
        }
        if (count < 1 || count > MAX_BLOCKS) {
            throw RpcException.invalidParams("param 0: blockCount must be 1 to " + MAX_BLOCKS + ", got " + count);
        }
        return count;
    }

    /** Percentiles: an array of at most 100 numbers in [0, 100], each above the one before. */
    private static List<BigDecimal> percentiles(JsonNode value) {
        if (!value.isArray()) {
            throw RpcException.invalidParams("param 2: expected an array of reward percentiles, got a "
                    + value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        if (value.size() > MAX_PERCENTILES) {
            throw RpcException.invalidParams(
                    "param 2: at most " + MAX_PERCENTILES + " reward percentiles, got " + value.size());
        }
        List<BigDecimal> out = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode element = value.get(i);
            if (!element.isNumber()) {
                throw RpcException.invalidParams("param 2: reward percentile " + i + " is not a number");
            }
            BigDecimal p = element.decimalValue();
            if (p.signum() < 0 || p.compareTo(HUNDRED) > 0) {
                throw RpcException.invalidParams(
                        "param 2: reward percentile " + i + " is " + p.toPlainString() + ", outside [0, 100]");
            }
            if (i > 0 && p.compareTo(out.get(i - 1)) <= 0) {
                throw RpcException.invalidParams("param 2: reward percentiles must ascend, but " + p.toPlainString()
                        + " follows " + out.get(i - 1).toPlainString());
            }
            out.add(p);
        }
        return out;
    }
}
