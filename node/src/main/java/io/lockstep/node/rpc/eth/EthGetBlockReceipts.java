package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Receipt;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.util.List;
import java.util.Optional;

/**
 * {@code eth_getBlockReceipts(block)}: every receipt of the block a number, tag or hash names, in
 * transaction order, with log indices counted over the block; {@code null} when there is no such block.
 */
final class EthGetBlockReceipts implements RpcMethod {

    private final ChainAccess chain;

    EthGetBlockReceipts(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_BLOCK_RECEIPTS.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        Optional<Block> block = chain.block(BlockSelector.param(params, 0));
        return block.map(this::receipts).orElse(null);
    }

    private ArrayNode receipts(Block block) {
        List<Receipt> receipts = chain.receipts(block.header().height());
        ArrayNode out = JsonNodeFactory.instance.arrayNode(receipts.size());
        int firstLog = 0;
        for (int i = 0; i < receipts.size(); i++) {
            out.add(EthJson.receipt(receipts.get(i), block, i, firstLog));
            firstLog += receipts.get(i).logs().size();
        }
        return out;
    }
}
