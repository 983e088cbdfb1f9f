package io.lockstep.node.service;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.chain.CommittedBlock;
import io.lockstep.node.rpc.LogEvent;
import io.lockstep.node.rpc.SubscriptionHub;
import io.lockstep.node.rpc.eth.EthJson;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Sends each committed block's header and logs, and each transaction the mempool admits, to the WebSocket
 * subscribers ({@code eth_subscribe}).
 */
final class SubscriptionPublisher implements Consumer<CommittedBlock> {

    private final SubscriptionHub hub;

    SubscriptionPublisher(SubscriptionHub hub) {
        this.hub = hub;
    }

    @Override
    public void accept(CommittedBlock committed) {
        if (hub.count() == 0) {
            return;
        }
        Block block = committed.block();
        hub.publishNewHead(EthJson.header(block));
        List<LogEvent> events = new ArrayList<>();
        int logIndex = 0;
        List<Receipt> receipts = committed.receipts();
        for (int tx = 0; tx < receipts.size(); tx++) {
            for (Log log : receipts.get(tx).logs()) {
                List<byte[]> topics = new ArrayList<>(log.topics().size());
                for (Hash32 topic : log.topics()) {
                    topics.add(topic.bytes());
                }
                events.add(new LogEvent(log.address().bytes(), topics, EthJson.log(log, block, tx, logIndex++)));
            }
        }
        if (!events.isEmpty()) {
            hub.publishLogs(events);
        }
    }

    /** A transaction the mempool admitted; called in admission order. */
    void admitted(SignedTransaction tx) {
        if (hub.count() == 0) {
            return;
        }
        hub.publishPendingTransaction(tx.hash().toHex(), () -> EthJson.transaction(tx, null, 0));
    }
}
