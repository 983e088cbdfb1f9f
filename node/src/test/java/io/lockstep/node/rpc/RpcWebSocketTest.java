package io.lockstep.node.rpc;

import static io.lockstep.node.rpc.RpcServerHttpTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.node.metrics.MetricsRegistry;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** JSON-RPC and subscriptions over a real WebSocket connection. */
class RpcWebSocketTest {

    private static final int MAX_SUBSCRIPTIONS = 3;
    private static final int MAX_MESSAGE_BYTES = 64 * 1024;
    private static final int MAX_PENDING_BYTES = 64 * 1024;

    private static final String ADDRESS_A = "0x" + "aa".repeat(20);
    private static final String ADDRESS_B = "0x" + "bb".repeat(20);
    private static final String TOPIC_1 = "0x" + "01".repeat(32);
    private static final String TOPIC_2 = "0x" + "02".repeat(32);
    private static final String TOPIC_3 = "0x" + "03".repeat(32);

    private MetricsRegistry registry;
    private SubscriptionHub hub;
    private RpcServer server;

    @BeforeEach
    void start() throws Exception {
        registry = new MetricsRegistry();
        RpcMetrics metrics = new RpcMetrics(registry);
        hub = new SubscriptionHub(MAX_SUBSCRIPTIONS);
        metrics.track(hub);
        RpcConfig config = RpcConfig.defaults()
                .withPort(0)
                .withMaxRequestBytes(MAX_MESSAGE_BYTES)
                .withMaxSubscriptionsPerConnection(MAX_SUBSCRIPTIONS)
                .withMaxPendingNotificationBytes(MAX_PENDING_BYTES);
        server = RpcServer.start(config, TestMethods.registry(hub), metrics);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void methodsAndBatchesWork() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress())) {
            assertEquals("0x0", ws.call(1, "net_peerCount", "[]").get("result").asText());
            JsonNode batch = ws.call("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\"},"
                    + "{\"jsonrpc\":\"2.0\",\"method\":\"net_peerCount\"},"
                    + "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"nope_x\"}]");
            assertEquals(2, batch.size());
            assertError(batch.get(1), -32601, "nope_x");
            assertError(ws.call("{not json"), -32700, "parse error");
            // A notification gets nothing back: the next message is the answer to the next request.
            ws.send("{\"jsonrpc\":\"2.0\",\"method\":\"net_peerCount\"}");
            assertEquals(7, ws.call(7, "net_listening", "[]").get("id").asInt());
        }
    }

    @Test
    void newHeadsAreNotifiedUntilUnsubscribed() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress())) {
            String id =
                    ws.call(1, "eth_subscribe", "[\"newHeads\"]").get("result").asText();
            assertTrue(id.matches("0x[0-9a-f]{32}"), id);
            String sentinel =
                    ws.call(2, "eth_subscribe", "[\"newHeads\"]").get("result").asText();
            assertNotEquals(id, sentinel);

            hub.publishNewHead(head(1));
            Set<String> notified = new HashSet<>();
            for (int i = 0; i < 2; i++) {
                JsonNode notification = ws.next();
                assertEquals("2.0", notification.get("jsonrpc").asText());
                assertEquals("eth_subscription", notification.get("method").asText());
                assertFalse(notification.has("id"));
                assertEquals(
                        "0x1",
                        notification.get("params").get("result").get("number").asText());
                notified.add(notification.get("params").get("subscription").asText());
            }
            assertEquals(Set.of(id, sentinel), notified);

            assertTrue(ws.call(3, "eth_unsubscribe", "[\"" + id + "\"]")
                    .get("result")
                    .asBoolean());
            assertFalse(ws.call(4, "eth_unsubscribe", "[\"" + id + "\"]")
                    .get("result")
                    .asBoolean());
            hub.publishNewHead(head(2));
            // Only the sentinel is left: the ended subscription's notification would have come first.
            JsonNode next = ws.next();
            assertEquals(sentinel, next.get("params").get("subscription").asText());
            assertEquals("0x2", next.get("params").get("result").get("number").asText());
        }
    }

    @Test
    void logsAreFilteredByAddressAndTopics() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress())) {
            String logs = ws.call(
                            1,
                            "eth_subscribe",
                            "[\"logs\",{\"address\":[\"" + ADDRESS_A + "\"],\"topics\":[\"" + TOPIC_1 + "\",null,[\""
                                    + TOPIC_2 + "\",\"" + TOPIC_3 + "\"]]}]")
                    .get("result")
                    .asText();
            String sentinel =
                    ws.call(2, "eth_subscribe", "[\"newHeads\"]").get("result").asText();

            hub.publishLogs(List.of(
                    log("match-1", ADDRESS_A, TOPIC_1, TOPIC_1, TOPIC_2),
                    log("wrong-address", ADDRESS_B, TOPIC_1, TOPIC_1, TOPIC_2),
                    log("wrong-first-topic", ADDRESS_A, TOPIC_2, TOPIC_1, TOPIC_2),
                    log("too-few-topics", ADDRESS_A, TOPIC_1, TOPIC_1),
                    log("match-2", ADDRESS_A, TOPIC_1, TOPIC_2, TOPIC_3, TOPIC_3)));
            hub.publishNewHead(head(1));

            for (String expected : List.of("match-1", "match-2")) {
                JsonNode notification = ws.next();
                assertEquals(
                        logs, notification.get("params").get("subscription").asText());
                assertEquals(
                        expected,
                        notification.get("params").get("result").get("name").asText());
            }
            assertEquals(sentinel, ws.next().get("params").get("subscription").asText());
        }
    }

    @Test
    void aBurstUnderTheLimitReachesAReadingClientWhole() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress())) {
            ws.call(1, "eth_subscribe", "[\"logs\"]");
            // Published faster than the network thread sends, but under the queue limit in total.
            int count = MAX_PENDING_BYTES / 2 / 1024;
            List<LogEvent> burst = new java.util.ArrayList<>();
            for (int i = 0; i < count; i++) {
                LogEvent log = log("burst-" + i, ADDRESS_A);
                ((ObjectNode) log.json()).put("data", "0x" + "00".repeat(450));
                burst.add(log);
            }
            hub.publishLogs(burst);
            for (int i = 0; i < count; i++) {
                assertEquals(
                        "burst-" + i,
                        ws.next().get("params").get("result").get("name").asText());
            }
            assertEquals(1, hub.count());
        }
    }

    @Test
    void logsWithoutAFilterReceiveEverything() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress())) {
            String id = ws.call(1, "eth_subscribe", "[\"logs\"]").get("result").asText();
            hub.publishLogs(List.of(log("any", ADDRESS_B)));
            JsonNode notification = ws.next();
            assertEquals(id, notification.get("params").get("subscription").asText());
            assertEquals(
                    "any", notification.get("params").get("result").get("name").asText());
        }
    }

    @Test
    void badSubscriptionsAreInvalidParams() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress())) {
            assertError(
                    ws.call(1, "eth_subscribe", "[\"syncing\"]"),
                    -32602,
                    "unsupported subscription type \"syncing\"; supported are newHeads, logs and"
                            + " newPendingTransactions");
            assertError(
                    ws.call(2, "eth_subscribe", "[\"logs\",{\"address\":\"0x12\"}]"),
                    -32602,
                    "invalid filter: address: expected 20 bytes, got 1");
            assertError(
                    ws.call(3, "eth_subscribe", "[\"logs\",{\"topic\":[]}]"),
                    -32602,
                    "invalid filter: unknown field 'topic'");
            assertError(
                    ws.call(4, "eth_subscribe", "[\"logs\",{\"fromBlock\":\"latest\"}]"),
                    -32602,
                    "address and topics only");
            assertError(ws.call(5, "eth_subscribe", "[\"newHeads\",{}]"), -32602, "expected 1 param, got 2");
            assertError(
                    ws.call(5, "eth_subscribe", "[\"newPendingTransactions\",\"yes\"]"),
                    -32602,
                    "param 1: expected a boolean");
            assertError(ws.call(6, "eth_subscribe", "[]"), -32602, "expected 1 to 2 params, got 0");
            assertError(ws.call(7, "eth_unsubscribe", "[5]"), -32602, "expected a string");
            assertEquals(0, hub.count());
        }
    }

    @Test
    void subscriptionsPerConnectionAreLimited() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress());
                WsClient other = new WsClient(server.boundAddress())) {
            for (int i = 0; i < MAX_SUBSCRIPTIONS; i++) {
                assertTrue(ws.call(i, "eth_subscribe", "[\"newHeads\"]").has("result"));
            }
            assertError(
                    ws.call(9, "eth_subscribe", "[\"newHeads\"]"),
                    -32005,
                    "at most " + MAX_SUBSCRIPTIONS + " per connection");
            // The limit is per connection.
            assertTrue(other.call(1, "eth_subscribe", "[\"newHeads\"]").has("result"));
            assertEquals(MAX_SUBSCRIPTIONS + 1, hub.count());
        }
    }

    @Test
    void subscriptionsEndWhenTheConnectionCloses() throws Exception {
        WsClient ws = new WsClient(server.boundAddress());
        ws.call(1, "eth_subscribe", "[\"newHeads\"]");
        ws.call(2, "eth_subscribe", "[\"logs\"]");
        assertEquals(2, hub.count());
        assertTrue(registry.scrape().contains("lockstep_rpc_subscriptions 2\n"));
        ws.socket.sendClose(1000, "bye").get(10, TimeUnit.SECONDS);
        Poll.until(() -> hub.count() == 0, () -> "subscriptions left after close: " + hub.count());
        hub.publishNewHead(head(1)); // nobody to send to, and no failure
    }

    @Test
    void anotherConnectionCannotEndMySubscription() throws Exception {
        try (WsClient mine = new WsClient(server.boundAddress());
                WsClient theirs = new WsClient(server.boundAddress())) {
            String id = mine.call(1, "eth_subscribe", "[\"newHeads\"]")
                    .get("result")
                    .asText();
            assertFalse(theirs.call(1, "eth_unsubscribe", "[\"" + id + "\"]")
                    .get("result")
                    .asBoolean());
            assertEquals(1, hub.count());
        }
    }

    @Test
    void subscribingOverHttpIsRefused() {
        RpcClient client = new RpcClient(server.boundAddress());
        assertError(client.call("eth_subscribe", "[\"newHeads\"]"), -32601, "notifications not supported");
        assertError(client.call("eth_unsubscribe", "[\"0x01\"]"), -32601, "notifications not supported");
    }

    @Test
    void oversizedMessageClosesWith1009() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress())) {
            ws.send("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\""
                    + "a".repeat(MAX_MESSAGE_BYTES) + "\"]}");
            assertEquals(1009, ws.closeCode.get(10, TimeUnit.SECONDS));
        }
        Poll.until(
                () -> registry.scrape().contains("lockstep_rpc_rejected_total{reason=\"too_large\"} 1\n"),
                registry::scrape);
        try (WsClient again = new WsClient(server.boundAddress())) {
            assertEquals(
                    "0x0", again.call(1, "net_peerCount", "[]").get("result").asText());
        }
    }

    @Test
    void aSubscriberThatStopsReadingIsDisconnected() throws Exception {
        try (WsClient stuck = new WsClient(server.boundAddress(), false);
                WsClient healthy = new WsClient(server.boundAddress())) {
            stuck.call(1, "eth_subscribe", "[\"newHeads\"]");
            String healthyId = healthy.call(1, "eth_subscribe", "[\"newHeads\"]")
                    .get("result")
                    .asText();
            ObjectNode big = head(0);
            big.put("padding", "x".repeat(MAX_PENDING_BYTES / 4));
            // The socket buffers of both ends fill first; then the server's own queue passes its limit. The
            // bound only keeps a broken server from looping forever.
            int published = 0;
            while (hub.count() == 2 && published < 4000) {
                hub.publishNewHead(big);
                published++;
                // The healthy client keeps up: it reads each notification before the next is published.
                assertEquals(
                        healthyId,
                        healthy.next().get("params").get("subscription").asText());
            }
            assertEquals(1, hub.count(), "the stuck subscriber was not dropped after " + published + " heads");
            assertTrue(registry.scrape().contains("lockstep_rpc_rejected_total{reason=\"slow_consumer\"} 1\n"));
            hub.publishNewHead(head(7));
            assertEquals(
                    "0x7",
                    healthy.next().get("params").get("result").get("number").asText());
        }
    }

    @Test
    void pingIsAnsweredWithPong() throws Exception {
        try (WsClient ws = new WsClient(server.boundAddress())) {
            ws.socket.sendPing(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3})).get(10, TimeUnit.SECONDS);
            assertEquals("0x0", ws.call(1, "net_peerCount", "[]").get("result").asText());
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private static ObjectNode head(long number) {
        ObjectNode head = JsonNodeFactory.instance.objectNode();
        head.put("number", Hex.quantity(number));
        head.put("hash", "0x" + "ab".repeat(32));
        return head;
    }

    private static LogEvent log(String name, String address, String... topics) {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", name);
        json.put("address", address);
        List<byte[]> topicBytes =
                java.util.Arrays.stream(topics).map(Hex::parseData).toList();
        return new LogEvent(Hex.parseData(address), topicBytes, json);
    }
}
