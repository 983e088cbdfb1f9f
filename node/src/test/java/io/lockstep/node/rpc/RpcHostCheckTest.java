package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.node.metrics.MetricsRegistry;
import io.lockstep.node.rpc.RpcServerHttpTest.RawResponse;
import io.lockstep.node.testing.TestNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Host check against DNS rebinding on real nodes: the loopback names by default, the configured
 * {@code rpc.hosts} otherwise, for HTTP requests, oversized ones and WebSocket upgrades; a refusal is a 403
 * with a plain body. A request without Host is served on a loopback connection only.
 */
class RpcHostCheckTest {

    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_chainId\"}";
    private static final String UPGRADE = "GET / HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
            + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n";

    @TempDir
    static Path loopbackDir;

    @TempDir
    static Path namedDir;

    private static TestNode loopback;
    /** A node that serves the name node.example only. */
    private static TestNode named;

    @BeforeAll
    static void start() throws Exception {
        loopback = TestNode.start(loopbackDir);
        named = TestNode.start(namedDir, TestNode.Options.DEFAULT.withHosts(List.of("node.example")));
    }

    @AfterAll
    static void stop() {
        for (TestNode node : new TestNode[] {loopback, named}) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void theLoopbackNamesAreServedByDefault() throws IOException {
        int port = loopback.node().rpcAddress().getPort();
        for (String host :
                List.of("localhost:" + port, "127.0.0.1:" + port, "[::1]:" + port, "LOCALHOST", "localhost.")) {
            RawResponse response = send(loopback, post(host, CALL));
            assertEquals(200, response.status, host);
            assertEquals("0x539", TestNode.parse(response.body).get("result").asText(), host);
        }
        assertEquals("0x539", loopback.result("eth_chainId").asText(), "the JDK client sends Host: 127.0.0.1:port");
    }

    @Test
    void otherHostsAreRefusedWithAPlainForbidden() throws IOException {
        for (String host : List.of("evil.example", "evil.example:8545", "localhost.evil.example", "127.0.0.1.nip.io")) {
            RawResponse response = send(loopback, post(host, CALL));
            assertEquals(403, response.status, host);
            assertEquals("forbidden: this Host is not one the node serves (rpc.hosts)\n", response.body, host);
            assertFalse(response.headers.contains("access-control-allow-origin"), response.headers);
            assertTrue(response.headers.contains("content-type: text/plain"), response.headers);
        }
        assertEquals(403, send(loopback, "GET /health HTTP/1.1\r\nHost: evil.example\r\n\r\n").status, "health too");
        assertEquals(
                403,
                send(
                                loopback,
                                "POST / HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\nContent-Type: application/json"
                                        + "\r\nContent-Length: " + CALL.length() + "\r\n\r\n" + CALL)
                        .status,
                "two Host headers");
    }

    @Test
    void aWebSocketUpgradeIsCheckedToo() throws IOException {
        assertEquals(403, send(loopback, UPGRADE + "Host: evil.example\r\n\r\n").status);
        assertEquals(101, send(loopback, UPGRADE + "Host: localhost\r\n\r\n").status);
    }

    @Test
    void anOversizedRequestWithAnotherHostIsForbiddenRatherThanTooLarge() throws IOException {
        int tooLarge = TestNode.Options.DEFAULT.maxRequestBytes() + 1;
        String head = "POST / HTTP/1.1\r\nContent-Type: application/json\r\nContent-Length: " + tooLarge + "\r\n";
        assertEquals(403, send(loopback, head + "Host: evil.example\r\n\r\n").status);
        assertEquals(413, send(loopback, head + "Host: localhost\r\n\r\n").status);
    }

    @Test
    void aRequestWithoutHostIsServedOnLoopback() throws IOException {
        String request = "POST / HTTP/1.0\r\nContent-Type: application/json\r\nContent-Length: " + CALL.length()
                + "\r\n\r\n" + CALL;
        RawResponse response = send(loopback, request);
        assertEquals(200, response.status, response.body);
        assertEquals(200, send(named, request).status, "whatever the list");
    }

    @Test
    void theConfiguredNamesReplaceTheDefault() throws IOException {
        assertEquals(200, send(named, post("node.example:8545", CALL)).status);
        assertEquals(200, send(named, post("NODE.EXAMPLE", CALL)).status);
        assertEquals(403, send(named, post("localhost", CALL)).status);
        assertEquals(403, send(named, post("127.0.0.1", CALL)).status);
    }

    @Test
    void aRequestWithoutHostIsRefusedOffLoopback() throws Exception {
        Optional<InetAddress> external = externalAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to connect through");
        RpcConfig config = RpcConfig.defaults().withHost("0.0.0.0").withPort(0).withAllowedHosts(List.of("*"));
        try (RpcServer server = RpcServer.start(
                config, TestMethods.registry(new SubscriptionHub(1)), new RpcMetrics(new MetricsRegistry()))) {
            int port = server.boundAddress().getPort();
            String noHost = "GET /health HTTP/1.0\r\n\r\n";
            RawResponse remote = send(new InetSocketAddress(external.get(), port), noHost);
            assertEquals(403, remote.status);
            assertEquals("forbidden: a request without a Host header is served on loopback only\n", remote.body);
            assertEquals(
                    200,
                    send(new InetSocketAddress(external.get(), port), "GET /health HTTP/1.0\r\nHost: a.b\r\n\r\n")
                            .status);
            assertEquals(200, send(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), noHost).status);
        }
    }

    @Test
    void refusedHostsAndOriginsAreCounted() throws IOException {
        MetricsRegistry registry = new MetricsRegistry();
        RpcConfig config = RpcConfig.defaults().withPort(0).withCorsAllowedOrigins(List.of("https://app.example"));
        try (RpcServer server =
                RpcServer.start(config, TestMethods.registry(new SubscriptionHub(1)), new RpcMetrics(registry))) {
            InetSocketAddress address = server.boundAddress();
            assertEquals(403, send(address, post("evil.example", CALL)).status);
            String oversized = "POST / HTTP/1.1\r\nHost: evil.example\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + (config.maxRequestBytes() + 1) + "\r\n\r\n";
            assertEquals(403, send(address, oversized).status);
            String fromPage = "POST / HTTP/1.1\r\nHost: localhost\r\nOrigin: https://evil.example\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + CALL.length() + "\r\n\r\n" + CALL;
            assertEquals(403, send(address, fromPage).status);
            assertEquals(200, send(address, post("localhost", CALL)).status);
            String scrape = registry.scrape();
            assertTrue(scrape.contains("lockstep_rpc_rejected_total{reason=\"host\"} 2\n"), scrape);
            assertTrue(scrape.contains("lockstep_rpc_rejected_total{reason=\"origin\"} 1\n"), scrape);
            assertFalse(scrape.contains("reason=\"too_large\""), "a refused Host is not counted as too large");
        }
    }

    private static String post(String host, String body) {
        return "POST / HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\nContent-Length: "
                + body.length() + "\r\n\r\n" + body;
    }

    private static RawResponse send(TestNode node, String request) throws IOException {
        return send(node.node().rpcAddress(), request);
    }

    /** Sends one raw request on a new connection and reads one response. */
    private static RawResponse send(InetSocketAddress address, String request) throws IOException {
        try (Socket socket = new Socket(address.getAddress(), address.getPort())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            InputStream in = socket.getInputStream();
            return RawResponse.read(in);
        }
    }

    private static Optional<InetAddress> externalAddress() throws SocketException {
        for (NetworkInterface nic : NetworkInterface.networkInterfaces().toList()) {
            if (!nic.isUp() || nic.isLoopback()) {
                continue;
            }
            Optional<InetAddress> address = nic.inetAddresses()
                    .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                    .findFirst();
            if (address.isPresent()) {
                return address;
            }
        }
        return Optional.empty();
    }
}
