package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Receipt;
import io.lockstep.node.chain.ChainRecords;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.util.List;
import java.util.Optional;

/** {@code eth_getTransactionReceipt(hash)}: the receipt of an included transaction, or {@code null}. */
final class EthGetTransactionReceipt implements RpcMethod {

    private final ChainAccess chain;

    EthGetTransactionReceipt(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_TRANSACTION_RECEIPT.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        Optional<ChainRecords.Location> location = chain.chain().records().location(Hash32.of(params.hash(0)));
        if (location.isEmpty()) {
            return null;
        }
        long height = location.get().height();
        int index = location.get().index();
        Block block = chain.chain().records().block(height).orElseThrow();
        List<Receipt> receipts = chain.receipts(height);
        int firstLog = 0;
        for (int i = 0; i < index; i++) {
            firstLog += receipts.get(i).logs().size();
        }
        return EthJson.receipt(receipts.get(index), block, index, firstLog);
    }
}
