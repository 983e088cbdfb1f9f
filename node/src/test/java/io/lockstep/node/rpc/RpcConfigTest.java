package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class RpcConfigTest {

    @Test
    void defaults() {
        RpcConfig config = RpcConfig.defaults();
        assertEquals("127.0.0.1", config.host());
        assertEquals(8545, config.port());
        assertEquals(5 * 1024 * 1024, config.maxRequestBytes());
        assertEquals(1000, config.maxBatchSize());
        assertEquals(List.of(), config.corsAllowedOrigins());
        assertTrue(config.workerThreads() > 0 && config.maxQueuedRequests() > 0 && config.maxConnections() > 0);
        assertEquals(List.of("localhost", "127.0.0.1", "::1"), config.allowedHosts());
        assertEquals(Duration.ofSeconds(60), config.idleTimeout());
        assertEquals(Duration.ofMinutes(5), config.webSocketIdleTimeout());
    }

    @Test
    void witheringKeepsEveryOtherField() {
        RpcConfig changed = RpcConfig.defaults()
                .withAllowedHosts(List.of("*"))
                .withIdleTimeout(Duration.ofMillis(5))
                .withWebSocketIdleTimeout(Duration.ofMillis(7))
                .withPort(0);
        assertEquals(List.of("*"), changed.allowedHosts());
        assertEquals(Duration.ofMillis(5), changed.idleTimeout());
        assertEquals(Duration.ofMillis(7), changed.webSocketIdleTimeout());
        assertEquals(0, changed.port());
        assertEquals(RpcConfig.defaults().maxRequestBytes(), changed.maxRequestBytes());
    }

    @Test
    void invalidValuesAreRefusedWithTheirName() {
        RpcConfig base = RpcConfig.defaults();
        refused(() -> base.withHost(" "), "rpc host must not be blank");
        refused(() -> base.withPort(65536), "rpc port must be in 0..65535, got 65536");
        refused(() -> base.withPort(-1), "rpc port must be in 0..65535, got -1");
        refused(() -> base.withMaxRequestBytes(100), "rpc maxRequestBytes must be in 1024..268435456, got 100");
        refused(() -> base.withMaxBatchSize(0), "rpc maxBatchSize must be at least 1, got 0");
        refused(() -> base.withMaxConnections(0), "rpc maxConnections must be at least 1, got 0");
        refused(() -> base.withMaxSubscriptionsPerConnection(-1), "rpc maxSubscriptionsPerConnection");
        refused(() -> base.withWorkers(0, 10), "rpc workerThreads must be at least 1, got 0");
        refused(() -> base.withWorkers(1, 0), "rpc maxQueuedRequests must be at least 1, got 0");
        refused(
                () -> base.withCorsAllowedOrigins(List.of("localhost:3000")),
                "'localhost:3000' is not an origin like http://localhost:3000");
        refused(() -> base.withCorsAllowedOrigins(List.of("http://a.example/path")), "is not an origin");
        refused(() -> base.withCorsAllowedOrigins(null), "corsAllowedOrigins must not be null");
        refused(() -> base.withMaxPendingNotificationBytes(10), "rpc maxPendingNotificationBytes must be at least");
        refused(() -> base.withAllowedHosts(null), "rpc allowedHosts must not be null");
        refused(
                () -> base.withAllowedHosts(List.of("localhost:8545")),
                "rpc allowedHosts: 'localhost:8545' is not a host name, an IP address (without a port) or \"*\"");
        refused(() -> base.withAllowedHosts(List.of("http://localhost")), "is not a host name");
        refused(() -> base.withIdleTimeout(Duration.ZERO), "rpc idleTimeout must be from 1ms to 1 day, got PT0S");
        refused(() -> base.withIdleTimeout(null), "rpc idleTimeout must be from 1ms to 1 day");
        refused(() -> base.withWebSocketIdleTimeout(Duration.ofDays(2)), "rpc webSocketIdleTimeout must be from");
    }

    @Test
    void originsAreKeptAsGiven() {
        List<String> origins = List.of("*", "null", "https://app.example:8443", "chrome-extension://abc");
        assertEquals(
                origins, RpcConfig.defaults().withCorsAllowedOrigins(origins).corsAllowedOrigins());
    }

    private static void refused(Supplier<RpcConfig> config, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, config::get);
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
