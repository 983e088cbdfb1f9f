package io.lockstep.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.node.rpc.RpcConfig;
import io.lockstep.node.rpc.RpcMethodRegistry;
import io.lockstep.node.rpc.RpcMetrics;
import io.lockstep.node.rpc.RpcServer;
import io.lockstep.node.rpc.method.NetPeerCount;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The metrics endpoint over real HTTP, read back as Prometheus would parse it. */
class MetricsServerTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void rpcCountsMoveWhenRequestsAreMade() throws Exception {
        MetricsRegistry registry = new MetricsRegistry();
        RpcMetrics metrics = new RpcMetrics(registry);
        RpcMethodRegistry methods = new RpcMethodRegistry().register(new NetPeerCount(() -> 0));
        try (MetricsServer metricsServer =
                        MetricsServer.start(MetricsConfig.defaults().withPort(0), registry);
                RpcServer rpc = RpcServer.start(RpcConfig.defaults().withPort(0), methods, metrics)) {
            URI scrape = URI.create(
                    "http://127.0.0.1:" + metricsServer.boundAddress().getPort() + "/metrics");
            URI rpcUri = URI.create("http://127.0.0.1:" + rpc.boundAddress().getPort() + "/");

            Map<String, Double> before = parse(get(scrape));
            assertEquals(null, before.get("lockstep_rpc_requests_total{method=\"net_peerCount\"}"));

            for (int i = 0; i < 3; i++) {
                post(rpcUri, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\"}");
            }
            post(rpcUri, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\",\"params\":[1]}");
            post(rpcUri, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"eth_whatever\"}");

            Map<String, Double> after = parse(get(scrape));
            assertEquals(4.0, after.get("lockstep_rpc_requests_total{method=\"net_peerCount\"}"));
            assertEquals(1.0, after.get("lockstep_rpc_errors_total{method=\"net_peerCount\",code=\"-32602\"}"));
            assertEquals(1.0, after.get("lockstep_rpc_requests_total{method=\"unknown\"}"));
            assertEquals(1.0, after.get("lockstep_rpc_errors_total{method=\"unknown\",code=\"-32601\"}"));
            assertEquals(4.0, after.get("lockstep_rpc_request_seconds_count{method=\"net_peerCount\"}"));
            assertEquals(4.0, after.get("lockstep_rpc_request_seconds_bucket{method=\"net_peerCount\",le=\"+Inf\"}"));
            assertTrue(after.get("lockstep_rpc_request_seconds_sum{method=\"net_peerCount\"}") > 0);
            assertTrue(after.get("lockstep_rpc_connections") >= 0);
        }
    }

    @Test
    void onlyGetMetricsIsServed() throws Exception {
        try (MetricsServer server = MetricsServer.start(MetricsConfig.defaults().withPort(0), new MetricsRegistry())) {
            String base = "http://127.0.0.1:" + server.boundAddress().getPort();
            HttpResponse<String> ok = http.send(
                    HttpRequest.newBuilder(URI.create(base + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ok.statusCode());
            assertEquals(
                    "text/plain; version=0.0.4; charset=utf-8",
                    ok.headers().firstValue("Content-Type").orElseThrow());
            assertEquals(
                    404,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());
            assertEquals(
                    405,
                    http.send(
                                    HttpRequest.newBuilder(URI.create(base + "/metrics"))
                                            .POST(HttpRequest.BodyPublishers.ofString("x"))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode());
        }
    }

    @Test
    void configIsValidated() {
        assertEquals(9545, MetricsConfig.defaults().port());
        assertEquals("127.0.0.1", MetricsConfig.defaults().host());
        assertThrows(IllegalArgumentException.class, () -> new MetricsConfig("", 1));
        assertThrows(IllegalArgumentException.class, () -> new MetricsConfig("127.0.0.1", 70000));
    }

    /** Sample lines of the text format, by {@code name{labels}}; comment lines are checked for shape. */
    static Map<String, Double> parse(String text) {
        Map<String, Double> samples = new HashMap<>();
        for (String line : text.split("\n")) {
            if (line.startsWith("#")) {
                assertTrue(line.matches("# (HELP|TYPE) [a-zA-Z_:][a-zA-Z0-9_:]* .+"), line);
                continue;
            }
            int space = line.lastIndexOf(' ');
            String value = line.substring(space + 1);
            samples.put(
                    line.substring(0, space),
                    value.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(value));
        }
        return samples;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        return response.body();
    }

    private void post(URI uri, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
    }
}
