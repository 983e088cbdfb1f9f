package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.metrics.MetricsRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** JSON-RPC over real HTTP: every error case, and that the server keeps serving after each. */
class RpcServerHttpTest {

    private static final int MAX_REQUEST_BYTES = 64 * 1024;
    private static final int MAX_BATCH = 10;
    private static final String ALLOWED_ORIGIN = "http://localhost:3000";

    private static RpcServer server;
    private static RpcClient client;

    @BeforeAll
    static void start() throws IOException {
        RpcConfig config = RpcConfig.defaults()
                .withPort(0)
                .withMaxRequestBytes(MAX_REQUEST_BYTES)
                .withMaxBatchSize(MAX_BATCH)
                .withCorsAllowedOrigins(List.of(ALLOWED_ORIGIN));
        server = RpcServer.start(
                config, TestMethods.registry(new SubscriptionHub(4)), new RpcMetrics(new MetricsRegistry()));
        client = new RpcClient(server.boundAddress());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Whatever a test sent, the next client is served. */
    @AfterEach
    void serverStillServes() {
        JsonNode response = client.call("web3_clientVersion", "[]");
        assertEquals(
                "lockstep/" + TestMethods.VERSION + "/java" + Runtime.version().feature(),
                response.get("result").asText());
    }

    @Test
    void chainIndependentMethods() {
        assertEquals(
                "0x47173285a8d7341e5e972fc677286384f802f8ef42a5ec5f03bbfa254cb01fad",
                client.call("web3_sha3", "[\"0x68656c6c6f20776f726c64\"]")
                        .get("result")
                        .asText());
        assertEquals(
                "0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                client.call("web3_sha3", "[\"0x\"]").get("result").asText());
        assertTrue(client.call("net_listening", "[]").get("result").asBoolean());
        assertEquals("0x0", client.call("net_peerCount", "[]").get("result").asText());
    }

    @Test
    void responseHasExactlyTheJsonRpcMembers() {
        JsonNode response = client.call("net_peerCount", "[]");
        assertEquals(List.of("jsonrpc", "id", "result"), fieldNames(response));
        assertEquals("2.0", response.get("jsonrpc").asText());
        JsonNode error = client.call("nope_nope", "[]");
        assertEquals(List.of("jsonrpc", "id", "error"), fieldNames(error));
        assertEquals(List.of("code", "message"), fieldNames(error.get("error")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"jsonrpc\":\"2.0\",", "nonsense", "{\"id\":1} {\"id\":2}", "[1,]", "", "  "})
    void malformedJsonIsParseErrorWithNullId(String body) {
        JsonNode response = client.call(body);
        assertError(response, -32700, "parse error");
        assertTrue(response.get("id").isNull());
    }

    @Test
    void duplicateKeysAreParseErrors() {
        assertError(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"id\":2,\"method\":\"net_peerCount\"}"), -32700, "id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"1.0\"", "2.0", "null", "\"2\""})
    void wrongJsonRpcVersionIsInvalidRequestEchoingTheId(String version) {
        JsonNode response = client.call("{\"jsonrpc\":" + version + ",\"id\":\"v\",\"method\":\"net_peerCount\"}");
        assertError(response, -32600, "jsonrpc must be \"2.0\"");
        assertEquals("v", response.get("id").asText());
    }

    @Test
    void missingJsonRpcWithoutIdIsStillAnswered() {
        JsonNode response = client.call("{\"method\":\"net_peerCount\"}");
        assertError(response, -32600, "jsonrpc");
        assertTrue(response.get("id").isNull());
    }

    @ParameterizedTest
    @ValueSource(strings = {"{\"a\":1}", "[1]", "true"})
    void idOfAnotherTypeIsInvalidWithNullId(String id) {
        JsonNode response = client.call("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"net_peerCount\"}");
        assertError(response, -32600, "id must be a string, a number or null");
        assertTrue(response.get("id").isNull());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"7", "-1", "0", "\"abc\"", "\"\"", "null", "1.50", "12345678901234567890123456789", "\"0x1\""})
    void idIsEchoedExactly(String id) {
        String body = client.post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"net_peerCount\",\"params\":[]}")
                .body();
        assertTrue(body.contains("\"id\":" + id + ","), body);
        assertEquals("0x0", RpcClient.parse(body).get("result").asText());
    }

    @Test
    void methodMustBeAString() {
        assertError(client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":5}"), -32600, "method must be a string");
        assertError(client.call("{\"jsonrpc\":\"2.0\",\"id\":1}"), -32600, "method must be a string");
    }

    @Test
    void paramsOfTheWrongShape() {
        assertError(
                client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":\"0x\"}"),
                -32600,
                "params must be an array");
        assertError(
                client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"web3_sha3\",\"params\":{\"data\":\"0x\"}}"),
                -32602,
                "by-name params are not supported");
        // Absent and null params are no params.
        assertEquals(
                "0x0",
                client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\"}")
                        .get("result")
                        .asText());
        assertEquals(
                "0x0",
                client.call("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\",\"params\":null}")
                        .get("result")
                        .asText());
    }

    @Test
    void requestThatIsNotAnObject() {
        JsonNode response = client.call("\"just a string\"");
        assertError(response, -32600, "must be a JSON object");
    }

    @Test
    void unknownMethodIsNamed() {
        JsonNode response = client.call("eth_noSuchThing", "[]");
        assertError(response, -32601, "the method eth_noSuchThing does not exist");
        assertEquals(1, response.get("id").asInt());
    }

    @Test
    void wrongParamCount() {
        assertError(client.call("web3_clientVersion", "[1]"), -32602, "expected 0 params, got 1");
        assertError(client.call("web3_sha3", "[]"), -32602, "expected 1 param, got 0");
        assertError(client.call("web3_sha3", "[\"0x\",\"0x\"]"), -32602, "expected 1 param, got 2");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "test_quantity|[\"0x01\"]|param 0: expected a quantity (0x-prefixed hex without leading zeros), got \"0x01\" (leading zero digits)",
                "test_quantity|[\"0x\"]|(no hex digits after 0x)",
                "test_quantity|[\"12\"]|(missing 0x prefix)",
                "test_quantity|[\"0xg\"]|('g' is not a hex digit)",
                "test_quantity|[12]|expected a quantity (0x-prefixed hex without leading zeros), got 12",
                "test_quantity|[\"0x10000000000000000000000000000000000000000000000000000000000000000\"]|(more than 256 bits)",
                "test_quantity|[]|missing param 0: expected a quantity",
                "test_quantity|[null]|missing param 0: expected a quantity",
                "test_quantityAsLong|[\"0x8000000000000000\"]|expected a quantity of at most 0x7fffffffffffffff",
                "test_data|[\"0x123\"]|(odd number of hex digits)",
                "test_data|[\"abcd\"]|(missing 0x prefix)",
                "test_data|[\"0xzz\"]|('z' is not a hex digit)",
                "test_address|[\"0x1234\"]|expected an address (20 bytes of 0x-prefixed hex), got \"0x1234\" (got 2 bytes)",
                "test_address|[true]|expected an address (20 bytes of 0x-prefixed hex), got true",
                "test_hash|[\"0x00000000000000000000000000000000000000000000000000000000000000\"]|(got 31 bytes)",
                "test_bool|[\"true\"]|param 0: expected a boolean, got \"true\"",
                "test_bool|[1]|param 0: expected a boolean, got 1",
                "test_blockTag|[\"newest\"]|(not a block number or one of latest, earliest, pending, safe, finalized)",
                "test_blockTag|[\"0x8000000000000000\"]|(block number exceeds 2^63-1)",
                "test_blockTag|[\"0x00\"]|(leading zero digits)",
                "test_blockTag|[\"Latest\"]|expected a block number or tag",
                "test_object|[[1]]|param 0: expected an object, got [1]",
            })
    void badParamsAreInvalidParamsWithAPreciseMessage(String method, String params, String message) {
        JsonNode response = client.call(method, params);
        assertError(response, -32602, message);
        assertEquals(1, response.get("id").asInt());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "test_quantity|[\"0x0\"]|0",
                "test_quantity|[\"0xFF\"]|255",
                "test_quantity|[\"0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff\"]|115792089237316195423570985008687907853269984665640564039457584007913129639935",
                "test_quantityAsLong|[\"0x7fffffffffffffff\"]|9223372036854775807",
                "test_data|[\"0xABcd\"]|0xabcd",
                "test_data|[\"0x\"]|0x",
                "test_address|[\"0x00000000000000000000000000000000000000Ff\"]|0x00000000000000000000000000000000000000ff",
                "test_bool|[false]|false",
                "test_blockTag|[\"finalized\"]|finalized",
                "test_blockTag|[\"0x1b4\"]|0x1b4",
            })
    void goodParamsAreRead(String method, String params, String result) {
        assertEquals(result, client.call(method, params).get("result").asText());
    }

    @Test
    void longParamValuesAreShortenedInMessages() {
        String huge = "\"0x0" + "1".repeat(5000) + "\"";
        String message = client.call("test_quantity", "[" + huge + "]")
                .get("error")
                .get("message")
                .asText();
        assertTrue(message.length() < 200, message);
    }

    @Test
    void internalErrorsDoNotLeak() {
        String body = client.post("{\"jsonrpc\":\"2.0\",\"id\":9,\"method\":\"test_fail\"}")
                .body();
        JsonNode response = RpcClient.parse(body);
        assertEquals(-32603, response.get("error").get("code").asInt());
        assertEquals("internal error", response.get("error").get("message").asText());
        assertFalse(body.contains("secret"), body);
        assertFalse(body.contains("Exception"), body);
        assertFalse(response.get("error").has("data"));
    }

    @Test
    void revertCarriesItsOutputAsData() {
        JsonNode error = client.call("test_revert", "[]").get("error");
        assertEquals(3, error.get("code").asInt());
        assertEquals("execution reverted: too low", error.get("message").asText());
        assertEquals("0x08c379a0", error.get("data").asText());
    }

    @Test
    void batchKeepsOrderAndAnswersEachEntry() {
        JsonNode responses = client.call("["
                + "{\"jsonrpc\":\"2.0\",\"id\":\"a\",\"method\":\"test_echo\",\"params\":[1]},"
                + "1,"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"b\",\"method\":\"nope_x\"},"
                + "\"text\","
                + "{\"jsonrpc\":\"2.0\",\"method\":\"test_echo\",\"params\":[2]},"
                + "{\"jsonrpc\":\"2.0\",\"id\":\"c\",\"method\":\"test_echo\",\"params\":[3]}"
                + "]");
        assertTrue(responses.isArray());
        assertEquals(5, responses.size(), responses.toString());
        assertEquals("a", responses.get(0).get("id").asText());
        assertEquals(1, responses.get(0).get("result").get(0).asInt());
        assertError(responses.get(1), -32600, "must be a JSON object");
        assertTrue(responses.get(1).get("id").isNull());
        assertError(responses.get(2), -32601, "nope_x");
        assertError(responses.get(3), -32600, "must be a JSON object");
        assertEquals("c", responses.get(4).get("id").asText());
        assertEquals(3, responses.get(4).get("result").get(0).asInt());
    }

    @Test
    void emptyBatchIsOneInvalidRequest() {
        JsonNode response = client.call("[]");
        assertTrue(response.isObject());
        assertError(response, -32600, "empty batch");
    }

    @Test
    void batchOverTheLimitIsOneErrorNamingIt() {
        StringBuilder batch = new StringBuilder("[");
        for (int i = 0; i <= MAX_BATCH; i++) {
            batch.append(i == 0 ? "" : ",")
                    .append("{\"jsonrpc\":\"2.0\",\"id\":")
                    .append(i)
                    .append(",\"method\":\"net_peerCount\"}");
        }
        JsonNode response = client.call(batch.append("]").toString());
        assertTrue(response.isObject());
        assertError(response, -32600, "batch of 11 requests exceeds the limit of 10");
        // At the limit it is served.
        String atLimit = batch.toString().replaceFirst("\\{[^}]*},", "");
        assertEquals(MAX_BATCH, client.call(atLimit).size());
    }

    @Test
    void notificationsGetNoResponse() {
        HttpResponse<String> single = client.post("{\"jsonrpc\":\"2.0\",\"method\":\"net_peerCount\"}");
        assertEquals(204, single.statusCode());
        assertEquals("", single.body());
        HttpResponse<String> batch = client.post("[{\"jsonrpc\":\"2.0\",\"method\":\"net_peerCount\"},"
                + "{\"jsonrpc\":\"2.0\",\"method\":\"nope_x\"},{\"jsonrpc\":\"2.0\",\"method\":\"test_fail\"}]");
        assertEquals(204, batch.statusCode());
        assertEquals("", batch.body());
        HttpResponse<String> unknown = client.post("{\"jsonrpc\":\"2.0\",\"method\":\"nope_x\"}");
        assertEquals(204, unknown.statusCode());
    }

    @Test
    void oversizedBodyIs413WithAJsonRpcError() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\""
                + "a".repeat(MAX_REQUEST_BYTES) + "\"]}";
        HttpResponse<String> response = client.post(body);
        assertEquals(413, response.statusCode());
        JsonNode error = RpcClient.parse(response.body());
        assertError(error, -32005, "request too large: the limit is 65536 bytes");
        assertTrue(error.get("id").isNull());
        // Just under the limit is served.
        String fits = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"test_echo\",\"params\":[\""
                + "a".repeat(MAX_REQUEST_BYTES - 100) + "\"]}";
        assertEquals(
                MAX_REQUEST_BYTES - 100,
                client.call(fits).get("result").get(0).asText().length());
    }

    @Test
    void oversizedBodyAnnouncedWithExpectContinueIs413BeforeItIsSent() throws IOException {
        // Raw: the JDK 17 client waits forever when the answer to Expect: 100-continue is not 100.
        try (Socket socket = new Socket(
                server.boundAddress().getAddress(), server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                    + "Expect: 100-continue\r\nContent-Length: " + (MAX_REQUEST_BYTES + 1) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            RawResponse response = RawResponse.read(in);
            assertEquals(413, response.status);
            assertError(RpcClient.parse(response.body), -32005, "request too large");
            assertEquals(-1, in.read(), "closed: the body the client may still send cannot be told from a request");
        }
    }

    @Test
    void brokenWebSocketHandshakesAreRefused() throws IOException {
        String upgrade = "GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n";
        try (Socket socket = new Socket(
                server.boundAddress().getAddress(), server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write((upgrade + "Sec-WebSocket-Version: 13\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            RawResponse response = RawResponse.read(socket.getInputStream());
            assertEquals(400, response.status);
            assertTrue(response.body.startsWith("invalid WebSocket handshake"), response.body);
        }
        try (Socket socket = new Socket(
                server.boundAddress().getAddress(), server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write((upgrade + "Sec-WebSocket-Version: 99\r\n"
                                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            assertEquals(426, RawResponse.read(socket.getInputStream()).status);
        }
    }

    @Test
    void webSocketsTurnedOffRefuseTheUpgradeAndStillServePost() throws IOException {
        RpcConfig config = RpcConfig.defaults().withPort(0).withWebSockets(false);
        try (RpcServer off = RpcServer.start(
                        config, TestMethods.registry(new SubscriptionHub(4)), new RpcMetrics(new MetricsRegistry()));
                Socket socket = new Socket(
                        off.boundAddress().getAddress(), off.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream()
                    .write(("GET / HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                                    + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            RawResponse response = RawResponse.read(socket.getInputStream());
            assertEquals(404, response.status);
            assertTrue(response.body.contains("rpc.websocket: false"), response.body);
            assertEquals(
                    "lockstep/" + TestMethods.VERSION + "/java"
                            + Runtime.version().feature(),
                    new RpcClient(off.boundAddress())
                            .call("web3_clientVersion", "[]")
                            .get("result")
                            .asText());
        }
    }

    @Test
    void oversizedChunkedBodyIs413() throws IOException {
        try (Socket socket = new Socket(
                server.boundAddress().getAddress(), server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                            + "Transfer-Encoding: chunked\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = "a".repeat(16 * 1024).getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < 5; i++) {
                out.write((Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(chunk);
                out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            RawResponse response = RawResponse.read(socket.getInputStream());
            assertEquals(413, response.status);
            assertError(RpcClient.parse(response.body), -32005, "request too large");
        }
    }

    @Test
    void wrongContentTypeIs415() {
        HttpResponse<String> response = client.send(client.request("/")
                .header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\"}"))
                .build());
        assertEquals(415, response.statusCode());
        assertError(RpcClient.parse(response.body()), -32600, "Content-Type must be application/json");
        HttpResponse<String> none = client.send(client.request("/")
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertEquals(415, none.statusCode());
        // A charset parameter is fine.
        HttpResponse<String> withCharset = client.send(client.request("/")
                .header("Content-Type", "Application/JSON; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\"}"))
                .build());
        assertEquals(200, withCharset.statusCode());
    }

    @Test
    void otherMethodsOnRootAre405() {
        HttpResponse<String> get = client.send(client.request("/").GET().build());
        assertEquals(405, get.statusCode());
        assertEquals("POST, GET, OPTIONS", get.headers().firstValue("Allow").orElseThrow());
        assertError(RpcClient.parse(get.body()), -32600, "use POST");
        HttpResponse<String> put = client.send(client.request("/")
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{}"))
                .build());
        assertEquals(405, put.statusCode());
    }

    @Test
    void healthAndUnknownPaths() {
        HttpResponse<String> health =
                client.send(client.request("/health").GET().build());
        assertEquals(200, health.statusCode());
        assertEquals("ok\n", health.body());
        assertEquals(
                405,
                client.send(client.request("/health")
                                .POST(HttpRequest.BodyPublishers.noBody())
                                .build())
                        .statusCode());
        assertEquals(404, client.send(client.request("/metrics").GET().build()).statusCode());
    }

    @Test
    void corsAllowsListedOriginsOnly() {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\"}";
        HttpResponse<String> allowed = client.send(client.request("/")
                .header("Content-Type", "application/json")
                .header("Origin", ALLOWED_ORIGIN)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertEquals(200, allowed.statusCode());
        assertEquals(
                ALLOWED_ORIGIN,
                allowed.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());

        HttpResponse<String> refused = client.send(client.request("/")
                .header("Content-Type", "application/json")
                .header("Origin", "http://evil.example")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.headers().firstValue("Access-Control-Allow-Origin").isEmpty());

        HttpResponse<String> preflight = client.send(client.request("/")
                .header("Origin", ALLOWED_ORIGIN)
                .header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .build());
        assertEquals(204, preflight.statusCode());
        assertEquals(
                ALLOWED_ORIGIN,
                preflight.headers().firstValue("Access-Control-Allow-Origin").orElseThrow());
        assertTrue(preflight
                .headers()
                .firstValue("Access-Control-Allow-Methods")
                .orElseThrow()
                .contains("POST"));
    }

    @Test
    void pipelinedRequestsOnOneConnectionAreAnsweredInOrder() throws IOException {
        try (Socket socket = new Socket(
                server.boundAddress().getAddress(), server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);
            StringBuilder requests = new StringBuilder();
            for (int i = 0; i < 20; i++) {
                String body = "{\"jsonrpc\":\"2.0\",\"id\":" + i + ",\"method\":\"test_echo\",\"params\":[" + i + "]}";
                requests.append(
                                "POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: ")
                        .append(body.length())
                        .append("\r\n\r\n")
                        .append(body);
            }
            requests.append("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n");
            socket.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            for (int i = 0; i < 20; i++) {
                RawResponse response = RawResponse.read(in);
                assertEquals(200, response.status);
                assertEquals(i, RpcClient.parse(response.body).get("id").asInt());
            }
            RawResponse health = RawResponse.read(in);
            assertEquals("ok\n", health.body);
        }
    }

    @Test
    void malformedHttpIs400AndClosed() throws IOException {
        try (Socket socket = new Socket(
                server.boundAddress().getAddress(), server.boundAddress().getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write("THIS IS NOT HTTP\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            RawResponse response = RawResponse.read(in);
            assertEquals(400, response.status);
            assertEquals(-1, in.read(), "connection closed after a malformed request");
        }
    }

    @Test
    void concurrentClientsEachGetTheirOwnAnswers() throws Exception {
        // Each client is its own connection (the JDK client keeps one alive per sequential caller), all at once.
        int clients = 8;
        int perClient = 25;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int clientId = c;
                results.add(pool.submit(() -> {
                    RpcClient own = new RpcClient(server.boundAddress());
                    int ok = 0;
                    for (int i = 0; i < perClient; i++) {
                        String id = "\"c" + clientId + "-" + i + "\"";
                        JsonNode response = own.call("{\"jsonrpc\":\"2.0\",\"id\":" + id
                                + ",\"method\":\"test_echo\",\"params\":[" + id + "]}");
                        String expected = "c" + clientId + "-" + i;
                        assertEquals(expected, response.get("id").asText());
                        assertEquals(expected, response.get("result").get(0).asText());
                        ok++;
                    }
                    return ok;
                }));
            }
            for (Future<Integer> result : results) {
                assertEquals(perClient, result.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static void assertError(JsonNode response, int code, String messagePart) {
        JsonNode error = response.get("error");
        assertTrue(error != null && error.isObject(), "no error in " + response);
        assertEquals(code, error.get("code").asInt(), response.toString());
        String message = error.get("message").asText();
        assertTrue(message.contains(messagePart), "'" + message + "' does not contain '" + messagePart + "'");
        assertFalse(response.has("result"), response.toString());
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** A minimal HTTP/1.1 response reader: status, headers, Content-Length body. */
    static final class RawResponse {
        final int status;
        /** The header lines in lower case, one per line. */
        final String headers;

        final String body;

        private RawResponse(int status, String headers, String body) {
            this.status = status;
            this.headers = headers;
            this.body = body;
        }

        static RawResponse read(InputStream in) throws IOException {
            String statusLine = line(in);
            int status = Integer.parseInt(statusLine.split(" ")[1]);
            int length = 0;
            StringBuilder headers = new StringBuilder();
            for (String header = line(in); !header.isEmpty(); header = line(in)) {
                headers.append(header.toLowerCase(java.util.Locale.ROOT)).append('\n');
                int colon = header.indexOf(':');
                if (header.substring(0, colon).trim().equalsIgnoreCase("content-length")) {
                    length = Integer.parseInt(header.substring(colon + 1).trim());
                }
            }
            byte[] body = in.readNBytes(length);
            return new RawResponse(status, headers.toString(), new String(body, StandardCharsets.UTF_8));
        }

        private static String line(InputStream in) throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("connection closed mid-response after " + line);
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.US_ASCII);
        }
    }
}
