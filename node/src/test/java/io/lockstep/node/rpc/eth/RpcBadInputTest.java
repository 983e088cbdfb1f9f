package io.lockstep.node.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.testing.TestNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input over HTTP to a real node: malformed JSON, params of the wrong type or number, an oversized body and
 * oversized batches. Each is answered with its error code, and the node goes on serving {@code
 * eth_blockNumber}.
 */
class RpcBadInputTest {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final String ALICE = "0x" + "a1".repeat(20);

    @TempDir
    static Path dir;

    private static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, TestNode.Options.DEFAULT.withMaxRequestBytes(MAX_REQUEST_BYTES));
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyKindOfBadInputGetsItsCodeAndTheNodeKeepsServing() {
        for (String body : List.of(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"",
                "hello",
                "",
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_blockNumber\"} trailing")) {
            assertError(post(body), -32700, "parse error");
            assertServing();
        }

        assertInvalidParams(call("eth_getBalance", 123, "latest"), "param 0: expected an address");
        assertInvalidParams(call("eth_getBlockByNumber", "latest", "yes"), "param 1: expected a boolean");
        assertInvalidParams(call("eth_getBlockByNumber", "0x01", false), "leading zero");
        assertInvalidParams(call("eth_getLogs", Map.of("address", 5)), "invalid filter: address");
        assertInvalidParams(call("eth_feeHistory", "0x1", "latest", "x"), "expected an array");
        assertInvalidParams(call("eth_getProof", ALICE, "0x0"), "expected an array of storage keys");
        assertInvalidParams(call("eth_getStorageAt", ALICE, List.of("0x0")), "expected a storage slot");
        assertInvalidParams(call("lockstep_getModel", 7), "expected a model hash");
        assertInvalidParams(call("eth_getBlockReceipts", true), "expected a block number, tag or block hash");
        assertServing();

        assertInvalidParams(call("eth_blockNumber", 1), "expected 0 params, got 1");
        assertInvalidParams(call("eth_getBalance"), "expected 1 to 2 params, got 0");
        assertInvalidParams(call("eth_getLogs", Map.of(), Map.of()), "expected 1 param, got 2");
        assertInvalidParams(call("eth_getProof", ALICE, List.of(), "latest", "extra"), "expected 2 to 3 params, got 4");
        assertInvalidParams(
                body(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_getBalance\",\"params\":{\"address\":\""
                        + ALICE + "\"}}")),
                "by-name params are not supported");
        assertServing();

        assertError(post("{\"jsonrpc\":\"1.0\",\"id\":1,\"method\":\"eth_blockNumber\"}"), -32600, "invalid request");
        assertError(post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_mine\"}"), -32601, "does not exist");
        assertServing();

        String huge = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":[\"0x"
                + "ab".repeat(MAX_REQUEST_BYTES) + "\"]}";
        HttpResponse<String> tooLarge = node.post(huge);
        assertEquals(413, tooLarge.statusCode());
        JsonNode refused = TestNode.parse(tooLarge.body());
        assertEquals(-32005, refused.get("error").get("code").intValue());
        assertEquals("request too large: the limit is " + MAX_REQUEST_BYTES + " bytes", message(refused));
        assertTrue(refused.get("id").isNull());
        assertServing();

        String batchOf101 = batch(101);
        JsonNode overBatch = body(post(batchOf101));
        assertTrue(overBatch.isObject(), "one error, not an array");
        assertEquals(-32600, overBatch.get("error").get("code").intValue());
        assertEquals("invalid request: batch of 101 requests exceeds the limit of 100", message(overBatch));
        JsonNode hugeBatch = body(post(batch(800)));
        assertEquals("invalid request: batch of 800 requests exceeds the limit of 100", message(hugeBatch));
        assertEquals(413, node.post(batch(2000)).statusCode(), "a batch past the body limit is refused whole");
        JsonNode full = body(post(batch(100)));
        assertEquals(100, full.size(), "a batch at the limit is answered");
        full.forEach(response -> assertTrue(response.get("result").textValue().startsWith("0x")));
        assertServing();
    }

    @Test
    void everyNamedMethodIsServed() {
        assertTrue(message(call("eth_subscribe", "newHeads")).contains("notifications not supported"));
        assertTrue(message(call("eth_unsubscribe", "0x1")).contains("notifications not supported"));
        for (RpcMethodName name : RpcMethodName.values()) {
            JsonNode response = call(name.wireName());
            if (name != RpcMethodName.ETH_SUBSCRIBE && name != RpcMethodName.ETH_UNSUBSCRIBE && response.has("error")) {
                assertTrue(response.get("error").get("code").intValue() != -32601, response::toString);
            }
        }
    }

    private static String batch(int size) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < size; i++) {
            out.append(i == 0 ? "" : ",")
                    .append("{\"jsonrpc\":\"2.0\",\"id\":")
                    .append(i)
                    .append(",\"method\":\"eth_blockNumber\"}");
        }
        return out.append(']').toString();
    }

    private static void assertServing() {
        assertTrue(node.result("eth_blockNumber").textValue().startsWith("0x"));
    }

    private static JsonNode call(String method, Object... params) {
        return TestNode.parse(node.exchange(method, params).response());
    }

    private static HttpResponse<String> post(String body) {
        return node.post(body);
    }

    private static JsonNode body(HttpResponse<String> response) {
        assertEquals(200, response.statusCode(), response::body);
        return TestNode.parse(response.body());
    }

    private static void assertError(HttpResponse<String> response, int code, String messagePart) {
        JsonNode json = body(response);
        assertEquals(code, json.get("error").get("code").intValue(), json::toString);
        assertTrue(message(json).contains(messagePart), json::toString);
    }

    private static void assertInvalidParams(JsonNode response, String messagePart) {
        assertEquals(-32602, response.get("error").get("code").intValue(), response::toString);
        assertTrue(message(response).contains(messagePart), response::toString);
    }

    private static String message(JsonNode response) {
        return response.get("error").get("message").textValue();
    }
}
