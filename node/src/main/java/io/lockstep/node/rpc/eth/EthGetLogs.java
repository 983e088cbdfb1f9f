package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Bloom;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.Receipt;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.LogFilter;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code eth_getLogs(filter)}: the logs of committed blocks that match a {@link LogFilter}, in block, then
 * log order. The range is {@code fromBlock..toBlock} (each defaults to {@code latest}) or the one block
 * {@code blockHash} names. Each block's header bloom is asked first, so only blocks that may hold a match
 * are read. At most {@value #MAX_BLOCKS} blocks are searched and {@value #MAX_LOGS} logs answered per
 * request; beyond either the request fails with -32005 rather than loading the node without bound.
 */
final class EthGetLogs implements RpcMethod {

    static final int MAX_BLOCKS = 10_000;
    static final int MAX_LOGS = 10_000;

    private final ChainAccess chain;

    EthGetLogs(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_LOGS.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        LogFilter filter = LogFilter.parse(params.raw(0));
        if (filter.blockHash().isPresent()) {
            Hash32 hash = Hash32.of(filter.blockHash().get());
            long height = chain.chain()
                    .records()
                    .height(hash)
                    .orElseThrow(() -> new RpcException(RpcErrorCode.SERVER_ERROR, "unknown block " + hash.toHex()));
            return search(filter, height, height);
        }
        long head = chain.head().height();
        long from = resolve(filter.fromBlock().orElse(BlockTag.Named.LATEST), head);
        long to = resolve(filter.toBlock().orElse(BlockTag.Named.LATEST), head);
        if (from > to) {
            throw RpcException.invalidParams("invalid block range params: fromBlock " + Hex.quantity(from)
                    + " is after toBlock " + Hex.quantity(to));
        }
        if (to - from >= MAX_BLOCKS) {
            throw RpcException.limitExceeded("limit exceeded: the range " + Hex.quantity(from) + " to "
                    + Hex.quantity(to) + " spans " + (to - from + 1) + " blocks, and eth_getLogs searches at most "
                    + MAX_BLOCKS + " blocks at once; split the range");
        }
        if (to > head) {
            throw RpcException.invalidParams("block range extends beyond current head block: toBlock "
                    + Hex.quantity(to) + " is above the head " + Hex.quantity(head));
        }
        return search(filter, from, to);
    }

    /** Named tags are the head: with one validator every committed block is final. */
    private static long resolve(BlockTag tag, long head) {
        if (tag instanceof BlockTag.Number number) {
            return number.number();
        }
        return tag == BlockTag.Named.EARLIEST ? 0 : head;
    }

    private ArrayNode search(LogFilter filter, long from, long to) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (long height = from; height <= to; height++) {
            BlockHeader header = chain.header(height).orElseThrow(() -> new IllegalStateException("no header"));
            if (!mayMatch(header.logsBloom(), filter)) {
                continue;
            }
            Block block = chain.chain().records().block(height).orElseThrow();
            List<Receipt> receipts = chain.receipts(height);
            int logIndex = 0;
            for (int tx = 0; tx < receipts.size(); tx++) {
                for (Log log : receipts.get(tx).logs()) {
                    if (filter.matches(log.address().bytes(), topics(log))) {
                        if (out.size() == MAX_LOGS) {
                            throw RpcException.limitExceeded("limit exceeded: more than " + MAX_LOGS
                                    + " logs match, and eth_getLogs answers at most " + MAX_LOGS
                                    + "; narrow the block range or the filter");
                        }
                        out.add(EthJson.log(log, block, tx, logIndex));
                    }
                    logIndex++;
                }
            }
        }
        return out;
    }

    /** False when the bloom shows that no log of the block can match; a block without logs never does. */
    static boolean mayMatch(Bloom bloom, LogFilter filter) {
        if (bloom.equals(Bloom.EMPTY)) {
            return false;
        }
        if (!filter.addresses().isEmpty()
                && filter.addresses().stream().noneMatch(a -> bloom.mightContain(Address.of(a)))) {
            return false;
        }
        for (List<byte[]> position : filter.topics()) {
            if (!position.isEmpty() && position.stream().noneMatch(t -> bloom.mightContain(Hash32.of(t)))) {
                return false;
            }
        }
        return true;
    }

    private static List<byte[]> topics(Log log) {
        List<byte[]> out = new ArrayList<>(log.topics().size());
        for (Hash32 topic : log.topics()) {
            out.add(topic.bytes());
        }
        return out;
    }
}
