package io.lockstep.node.rpc;

import static io.lockstep.node.rpc.RpcServerHttpTest.assertError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.metrics.MetricsRegistry;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The worker queue and the connection limit, filled on purpose. */
class RpcServerLimitsTest {

    private static final String BLOCK = "{\"jsonrpc\":\"2.0\",\"id\":\"block\",\"method\":\"test_block\"}";

    @Test
    void fullQueueAnswersBusyWithoutBlockingTheNetwork() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        RpcMetrics metrics = new RpcMetrics(registry);
        TestMethods.Blocking blocking = new TestMethods.Blocking();
        RpcMethodRegistry methods = TestMethods.registry(new SubscriptionHub(1)).register(blocking);
        RpcConfig config = RpcConfig.defaults().withPort(0).withWorkers(1, 1);
        try (RpcServer server = RpcServer.start(config, methods, metrics)) {
            RpcClient client = new RpcClient(server.boundAddress());
            CompletableFuture<HttpResponse<String>> running = postAsync(client, BLOCK);
            Poll.until(() -> metrics.running().value() == 1, () -> "the first request never ran");
            CompletableFuture<HttpResponse<String>> queued = postAsync(client, BLOCK);
            Poll.until(() -> metrics.queued().value() == 1, () -> "the second request was never queued");

            HttpResponse<String> refused = client.post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"net_peerCount\"}");
            assertEquals(503, refused.statusCode());
            JsonNode error = RpcClient.parse(refused.body());
            assertError(error, -32005, "server busy");
            assertTrue(error.get("id").isNull());
            // The network threads were never blocked: health is answered inline while the workers are full.
            assertEquals(
                    200, client.send(client.request("/health").GET().build()).statusCode());
            try (WsClient ws = new WsClient(server.boundAddress())) {
                assertError(ws.call(4, "net_peerCount", "[]"), -32005, "server busy");
            }

            blocking.release.countDown();
            assertEquals(
                    "released",
                    RpcClient.parse(running.get(10, TimeUnit.SECONDS).body())
                            .get("result")
                            .asText());
            assertEquals(
                    "released",
                    RpcClient.parse(queued.get(10, TimeUnit.SECONDS).body())
                            .get("result")
                            .asText());
            assertEquals("0x0", client.call("net_peerCount", "[]").get("result").asText());
            assertTrue(
                    registry.scrape().contains("lockstep_rpc_rejected_total{reason=\"busy\"} 2\n"), registry.scrape());
        }
    }

    @Test
    void connectionsOverTheLimitAreClosed() throws Exception {
        RpcMetrics metrics = new RpcMetrics(new MetricsRegistry());
        RpcConfig config = RpcConfig.defaults().withPort(0).withMaxConnections(2);
        try (RpcServer server = RpcServer.start(config, TestMethods.registry(new SubscriptionHub(1)), metrics);
                Socket first = connect(server)) {
            Socket second = connect(server);
            try {
                Poll.until(() -> metrics.connections().value() == 2, () -> "two connections were never open");
                try (Socket third = connect(server)) {
                    assertEquals(-1, third.getInputStream().read(), "the third connection is closed by the server");
                }
                // The first two are still open: a read times out instead of seeing the end of the stream.
                first.setSoTimeout(50);
                assertThrows(SocketTimeoutException.class, () -> first.getInputStream()
                        .read());
                second.close();
                Poll.until(() -> metrics.connections().value() == 1, () -> "the closed connection was never counted");
                try (Socket again = connect(server)) {
                    again.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes());
                    assertEquals(200, RpcServerHttpTest.RawResponse.read(again.getInputStream()).status);
                }
            } finally {
                second.close();
            }
        }
    }

    @Test
    void aTakenPortIsAClearError() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            RpcConfig config = RpcConfig.defaults().withPort(taken.getLocalPort());
            IOException e = assertThrows(
                    IOException.class,
                    () -> RpcServer.start(config, new RpcMethodRegistry(), new RpcMetrics(new MetricsRegistry())));
            assertTrue(e.getMessage().contains("cannot listen on 127.0.0.1:" + taken.getLocalPort()), e.getMessage());
        }
    }

    private static CompletableFuture<HttpResponse<String>> postAsync(RpcClient client, String body) {
        return client.http.sendAsync(
                client.request("/")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static Socket connect(RpcServer server) throws IOException {
        Socket socket = new Socket(
                server.boundAddress().getAddress(), server.boundAddress().getPort());
        socket.setSoTimeout(10_000);
        return socket;
    }
}
