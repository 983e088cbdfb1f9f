package io.lockstep.node.rpc;

import static io.lockstep.node.rpc.RpcServerHttpTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.testing.TestNode;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * {@code eth_subscribe("newPendingTransactions")} on a real node: transactions sent over HTTP are notified
 * over WebSocket in the order the mempool admitted them, as hashes or whole; refused ones are not, and
 * {@code eth_unsubscribe} stops them.
 */
class PendingTransactionsTest {

    @TempDir
    static Path dir;

    private static TestNode node;
    private static Credentials alice;
    private static Credentials carol;
    private static String bob;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
        alice = node.account(0);
        bob = node.account(1).getAddress();
        carol = node.account(2);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void admittedTransactionsAreNotifiedInAdmissionOrder() throws Exception {
        try (WsClient hashes = new WsClient(node.node().rpcAddress());
                WsClient whole = new WsClient(node.node().rpcAddress())) {
            String hashesId = subscribe(hashes, "[\"newPendingTransactions\"]");
            String wholeId = subscribe(whole, "[\"newPendingTransactions\",true]");
            assertTrue(subscribe(hashes, "[\"newPendingTransactions\",false]").matches("0x[0-9a-f]{32}"));
            // Each send returns once its transaction is admitted, so the order of sending is the order of admission.
            List<String> sent = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Credentials from = i % 2 == 0 ? alice : carol;
                sent.add(node.sendRaw(transfer(from, node.nonce(from), i + 1)));
            }
            List<String> heard = new ArrayList<>();
            for (int i = 0; i < sent.size(); i++) {
                JsonNode first = hashes.next();
                JsonNode second = hashes.next();
                // Two subscriptions of one connection: each transaction once for each, next to each other.
                assertEquals(
                        first.get("params").get("result"), second.get("params").get("result"));
                JsonNode ours = first.get("params").get("subscription").asText().equals(hashesId) ? first : second;
                assertEquals("eth_subscription", ours.get("method").asText());
                heard.add(ours.get("params").get("result").asText());
            }
            assertEquals(sent, heard);

            for (int i = 0; i < sent.size(); i++) {
                JsonNode notification = whole.next();
                assertEquals(
                        wholeId, notification.get("params").get("subscription").asText());
                JsonNode tx = notification.get("params").get("result");
                assertEquals(sent.get(i), tx.get("hash").asText());
                assertEquals(
                        (i % 2 == 0 ? alice : carol).getAddress(),
                        tx.get("from").asText());
                assertEquals(bob, tx.get("to").asText());
                assertEquals("0x" + Integer.toHexString(i + 1), tx.get("value").asText());
                assertTrue(tx.get("blockHash").isNull(), "still waiting when admitted: " + tx);
            }
        }
    }

    @Test
    void refusedTransactionsAreNotNotifiedAndUnsubscribingStopsNotifications() throws Exception {
        try (WsClient ws = new WsClient(node.node().rpcAddress())) {
            String id = subscribe(ws, "[\"newPendingTransactions\"]");
            byte[] underpriced = TestNode.sign(
                    alice,
                    node.nonce(alice),
                    bob,
                    BigInteger.ONE,
                    new byte[0],
                    21_000,
                    BigInteger.ZERO,
                    BigInteger.ONE);
            JsonNode refused = node.error("eth_sendRawTransaction", Numeric.toHexString(underpriced));
            assertEquals(
                    "max fee per gas less than block base fee: max fee 1, base fee 1000000000",
                    refused.get("message").asText());
            // A notification would be queued on the connection before the reply to the next request.
            assertEquals(11, ws.call(11, "net_peerCount", "[]").get("id").asInt(), "no notification first");

            String hash = node.sendRaw(transfer(alice, node.nonce(alice), 7));
            assertEquals(hash, ws.next().get("params").get("result").asText());

            assertTrue(ws.call(12, "eth_unsubscribe", "[\"" + id + "\"]")
                    .get("result")
                    .asBoolean());
            node.sendRaw(transfer(alice, node.nonce(alice), 8));
            assertEquals(13, ws.call(13, "net_peerCount", "[]").get("id").asInt(), "no notification after");
            assertFalse(ws.call(14, "eth_unsubscribe", "[\"" + id + "\"]")
                    .get("result")
                    .asBoolean());
        }
    }

    @Test
    void syncingIsRefused() throws Exception {
        try (WsClient ws = new WsClient(node.node().rpcAddress())) {
            assertError(ws.call(1, "eth_subscribe", "[\"syncing\"]"), -32602, "unsupported subscription type");
        }
    }

    private static String subscribe(WsClient ws, String params) throws Exception {
        JsonNode response = ws.call(1, "eth_subscribe", params);
        return response.get("result").asText();
    }

    private static byte[] transfer(Credentials from, long nonce, long wei) {
        return TestNode.sign(
                from,
                nonce,
                bob,
                BigInteger.valueOf(wei),
                new byte[0],
                21_000,
                TestNode.GWEI,
                TestNode.GWEI.multiply(BigInteger.valueOf(3)));
    }
}
