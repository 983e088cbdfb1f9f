package io.lockstep.node.metrics;

/**
 * Where the metrics endpoint listens. Loopback by default: the endpoint has no authentication.
 *
 * @param host the address to bind
 * @param port the TCP port; 0 picks a free one
 */
public record MetricsConfig(String host, int port) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 9545;

    public MetricsConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("metrics host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("metrics port must be in 0..65535, got " + port);
        }
    }

    public static MetricsConfig defaults() {
        return new MetricsConfig(DEFAULT_HOST, DEFAULT_PORT);
    }

    public MetricsConfig withPort(int newPort) {
        return new MetricsConfig(host, newPort);
    }
}
