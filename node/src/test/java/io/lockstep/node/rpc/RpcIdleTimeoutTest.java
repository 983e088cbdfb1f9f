package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.node.rpc.RpcServerHttpTest.RawResponse;
import io.lockstep.node.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Idle connections are closed, on a node with short timeouts: an HTTP connection with no traffic between
 * requests, and a WebSocket whose client sends no frame (requests, pings and pongs count), after a ping at
 * half the timeout that a live client answers.
 */
class RpcIdleTimeoutTest {

    private static final Duration HTTP_IDLE = Duration.ofMillis(300);
    private static final Duration WEBSOCKET_IDLE = Duration.ofMillis(600);
    /** Timers never fire early; the margin covers only the client's own clock reading after the server's. */
    private static final double EARLIEST = 0.8;

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}";

    @TempDir
    static Path dir;

    private static TestNode node;
    private static InetSocketAddress address;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, TestNode.Options.DEFAULT.withIdleTimeouts(HTTP_IDLE, WEBSOCKET_IDLE));
        address = node.node().rpcAddress();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void anHttpConnectionWithNothingToDoIsClosedAfterTheTimeout() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            post(socket.getOutputStream());
            assertEquals(200, RawResponse.read(in).status);
            long answered = System.nanoTime();
            assertEquals(-1, in.read(), "closed by the server, not timed out by the client");
            assertAtLeast(HTTP_IDLE, answered);
        }
    }

    @Test
    void anHttpConnectionThatIsUsedStaysOpen() throws IOException {
        try (Socket socket = connect()) {
            InputStream in = socket.getInputStream();
            long start = System.nanoTime();
            int requests = 0;
            while (System.nanoTime() - start < 3 * HTTP_IDLE.toNanos()) {
                post(socket.getOutputStream());
                assertEquals(200, RawResponse.read(in).status, "request " + requests + " on the same connection");
                requests++;
            }
            assertTrue(requests > 1, "requests: " + requests);
        }
    }

    @Test
    void aSilentWebSocketIsPingedAtHalfTheTimeoutThenClosed() throws IOException {
        try (RawWebSocket ws = new RawWebSocket(address)) {
            long opened = System.nanoTime();
            RawWebSocket.Frame ping = ws.next();
            assertNotNull(ping);
            assertEquals(RawWebSocket.PING, ping.opcode());
            assertAtLeast(WEBSOCKET_IDLE.dividedBy(2), opened);
            long pinged = System.nanoTime();
            RawWebSocket.Frame close = ws.next();
            assertNotNull(close);
            assertEquals(RawWebSocket.CLOSE, close.opcode());
            assertEquals(1001, close.closeStatus(), "going away");
            assertAtLeast(WEBSOCKET_IDLE.dividedBy(2), pinged);
            assertTrue(ws.closedByServer());
        }
    }

    @Test
    void aWebSocketClientThatAnswersPingsStaysConnected() throws IOException {
        try (RawWebSocket ws = new RawWebSocket(address)) {
            long opened = System.nanoTime();
            for (int i = 0; i < 3; i++) {
                RawWebSocket.Frame ping = ws.next();
                assertNotNull(ping, "closed after " + i + " pings");
                assertEquals(RawWebSocket.PING, ping.opcode());
                ws.send(RawWebSocket.PONG, ping.payload());
            }
            assertAtLeast(WEBSOCKET_IDLE.multipliedBy(3).dividedBy(2), opened);
            ws.send(0x1, CALL.getBytes(StandardCharsets.US_ASCII));
            RawWebSocket.Frame answer = ws.next();
            assertNotNull(answer);
            assertTrue(new String(answer.payload(), StandardCharsets.UTF_8).contains("\"result\":\"0x539\""));
        }
    }

    @Test
    void pingsFromTheClientCountAsFrames() throws IOException {
        try (RawWebSocket ws = new RawWebSocket(address)) {
            long start = System.nanoTime();
            byte[] payload = {1, 2, 3};
            int pings = 0;
            while (System.nanoTime() - start < 2 * WEBSOCKET_IDLE.toNanos()) {
                ws.send(RawWebSocket.PING, payload);
                RawWebSocket.Frame pong = ws.next();
                assertNotNull(pong, "closed after " + pings + " pings");
                assertEquals(RawWebSocket.PONG, pong.opcode(), "the server never had to ping");
                assertArrayEquals(payload, pong.payload());
                pings++;
            }
        }
    }

    private static Socket connect() throws IOException {
        Socket socket = new Socket(address.getAddress(), address.getPort());
        socket.setSoTimeout((int) Poll.DEADLINE.toMillis());
        return socket;
    }

    private static void post(OutputStream out) throws IOException {
        out.write(("POST / HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: "
                        + CALL.length() + "\r\n\r\n" + CALL)
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private static void assertAtLeast(Duration expected, long sinceNanos) {
        long elapsed = System.nanoTime() - sinceNanos;
        assertTrue(
                elapsed >= expected.toNanos() * EARLIEST,
                () -> "after " + Duration.ofNanos(elapsed).toMillis() + " ms, expected about " + expected.toMillis());
    }
}
