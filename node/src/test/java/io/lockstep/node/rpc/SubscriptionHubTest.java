package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The hub against a recording sink: ids, activation at reply time, limits, cleanup. */
class SubscriptionHubTest {

    /** A connection that records what it is sent and runs its hooks when the test says so. */
    static final class RecordingSink implements SubscriptionSink {
        final List<String> sent = new ArrayList<>();
        final List<Runnable> onReply = new ArrayList<>();
        final List<Runnable> onClose = new ArrayList<>();
        boolean accepting = true;

        @Override
        public boolean send(String notification) {
            if (accepting) {
                sent.add(notification);
            }
            return accepting;
        }

        @Override
        public void onReply(Runnable action) {
            onReply.add(action);
        }

        @Override
        public void onClose(Runnable action) {
            onClose.add(action);
        }

        void reply() {
            onReply.forEach(Runnable::run);
            onReply.clear();
        }

        void close() {
            onClose.forEach(Runnable::run);
        }
    }

    @Test
    void idsAreUnpredictableHex() {
        SubscriptionHub hub = new SubscriptionHub(10_000);
        RecordingSink sink = new RecordingSink();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 5000; i++) {
            String id = hub.subscribeNewHeads(sink);
            assertTrue(id.matches("0x[0-9a-f]{32}"), id);
            ids.add(id);
        }
        assertEquals(5000, ids.size());
    }

    @Test
    void nothingIsSentBeforeTheReplyCarryingTheId() {
        SubscriptionHub hub = new SubscriptionHub(4);
        RecordingSink sink = new RecordingSink();
        String id = hub.subscribeNewHeads(sink);
        hub.publishNewHead(head(1));
        assertTrue(sink.sent.isEmpty(), "published before the client knew the id");
        sink.reply();
        hub.publishNewHead(head(2));
        assertEquals(
                List.of("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + id
                        + "\",\"result\":{\"number\":\"0x2\"}}}"),
                sink.sent);
    }

    @Test
    void limitIsPerConnectionAndFreedByUnsubscribe() {
        SubscriptionHub hub = new SubscriptionHub(2);
        RecordingSink one = new RecordingSink();
        RecordingSink two = new RecordingSink();
        String first = hub.subscribeNewHeads(one);
        hub.subscribeLogs(one, LogFilter.ANY);
        RpcException e = assertThrows(RpcException.class, () -> hub.subscribeNewHeads(one));
        assertEquals(RpcErrorCode.LIMIT_EXCEEDED, e.code());
        hub.subscribeNewHeads(two);
        assertFalse(hub.unsubscribe(two, first), "another connection's subscription");
        assertTrue(hub.unsubscribe(one, first));
        hub.subscribeNewHeads(one);
        assertEquals(3, hub.count());
        assertEquals(0, new SubscriptionHub(0).count());
        assertThrows(RpcException.class, () -> new SubscriptionHub(0).subscribeNewHeads(one));
    }

    @Test
    void closingAConnectionEndsAllItsSubscriptions() {
        SubscriptionHub hub = new SubscriptionHub(4);
        RecordingSink closing = new RecordingSink();
        RecordingSink staying = new RecordingSink();
        hub.subscribeNewHeads(closing);
        hub.subscribeLogs(closing, LogFilter.ANY);
        hub.subscribeNewHeads(staying);
        assertEquals(1, closing.onClose.size(), "one close hook per connection, not per subscription");
        closing.close();
        assertEquals(1, hub.count());
        // The connection may subscribe again after a close raced with a subscribe: it registers anew.
        hub.subscribeNewHeads(closing);
        assertEquals(2, closing.onClose.size());
    }

    @Test
    void aSinkThatRefusesStopsReceivingThatBatch() {
        SubscriptionHub hub = new SubscriptionHub(4);
        RecordingSink sink = new RecordingSink();
        hub.subscribeLogs(sink, LogFilter.ANY);
        sink.reply();
        sink.accepting = false;
        LogEvent log = new LogEvent(new byte[20], List.of(), JsonNodeFactory.instance.objectNode());
        hub.publishLogs(List.of(log, log, log));
        assertTrue(sink.sent.isEmpty());
        sink.accepting = true;
        hub.publishLogs(List.of(log, log));
        assertEquals(2, sink.sent.size());
    }

    @Test
    void logEventsAreChecked() {
        assertThrows(
                IllegalArgumentException.class,
                () -> new LogEvent(new byte[19], List.of(), JsonNodeFactory.instance.objectNode()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LogEvent(new byte[20], List.of(new byte[31]), JsonNodeFactory.instance.objectNode()));
        assertThrows(
                IllegalArgumentException.class,
                () -> new LogEvent(
                        new byte[20],
                        List.of(new byte[32], new byte[32], new byte[32], new byte[32], new byte[32]),
                        JsonNodeFactory.instance.objectNode()));
    }

    @Test
    void pendingTransactionsGoAsHashesOrWholeAndOnlyToTheirSubscribers() {
        SubscriptionHub hub = new SubscriptionHub(4);
        RecordingSink hashes = new RecordingSink();
        RecordingSink whole = new RecordingSink();
        RecordingSink heads = new RecordingSink();
        String hashId = hub.subscribeNewPendingTransactions(hashes, false);
        String wholeId = hub.subscribeNewPendingTransactions(whole, true);
        hub.subscribeNewHeads(heads);
        List.of(hashes, whole, heads).forEach(RecordingSink::reply);
        String hash = "0x" + "ab".repeat(32);
        int[] built = {0};
        hub.publishPendingTransaction(hash, () -> {
            built[0]++;
            return JsonNodeFactory.instance.objectNode().put("hash", hash);
        });
        assertEquals(
                List.of("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + hashId
                        + "\",\"result\":\"" + hash + "\"}}"),
                hashes.sent);
        assertEquals(
                List.of("{\"jsonrpc\":\"2.0\",\"method\":\"eth_subscription\",\"params\":{\"subscription\":\"" + wholeId
                        + "\",\"result\":{\"hash\":\"" + hash + "\"}}}"),
                whole.sent);
        assertTrue(heads.sent.isEmpty());
        assertEquals(1, built[0], "the transaction object is built once");

        assertTrue(hub.unsubscribe(whole, wholeId));
        hub.publishPendingTransaction(hash, () -> {
            throw new AssertionError("nobody wants the whole transaction");
        });
        assertEquals(2, hashes.sent.size());
        assertEquals(1, whole.sent.size());
        assertThrows(IllegalArgumentException.class, () -> hub.publishPendingTransaction("0x12", () -> null));
    }

    private static com.fasterxml.jackson.databind.JsonNode head(long number) {
        return JsonNodeFactory.instance.objectNode().put("number", Hex.quantity(number));
    }
}
