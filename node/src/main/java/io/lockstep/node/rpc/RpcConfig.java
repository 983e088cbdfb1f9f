package io.lockstep.node.rpc;

import io.lockstep.node.rpc.internal.HostPolicy;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The JSON-RPC server's settings, validated on construction. Every limit bounds memory or threads that a
 * client could otherwise grow.
 *
 * @param host the address to bind; loopback unless the operator chooses otherwise
 * @param port the TCP port for HTTP and WebSocket; 0 picks a free one
 * @param maxRequestBytes the largest HTTP body or WebSocket message accepted
 * @param maxBatchSize the most requests in one batch
 * @param maxConnections the most open connections, HTTP and WebSocket together
 * @param maxSubscriptionsPerConnection the most subscriptions one WebSocket connection may hold
 * @param workerThreads threads executing methods (methods may block on the chain)
 * @param maxQueuedRequests requests waiting for a worker before new ones are refused as busy
 * @param corsAllowedOrigins browser origins allowed to call, e.g. {@code http://localhost:3000}; {@code *}
 *     allows any; requests without an Origin header (non-browser clients) are always allowed
 * @param maxPendingNotificationBytes notification bytes a WebSocket connection may have waiting to be sent; a
 *     subscriber that reads too slowly to stay under it is disconnected
 * @param allowedHosts the host names (or IP addresses) requests may carry in their Host header, any port;
 *     {@code *} allows any. Refusing other names keeps a web page whose name was made to resolve to this
 *     node (DNS rebinding) from calling it. A request without Host is served only on a loopback connection
 * @param idleTimeout how long an HTTP connection may go without traffic, between requests, before it is
 *     closed
 * @param webSocketIdleTimeout how long a WebSocket connection may go without a frame from its client (a
 *     ping, a pong or a request) before it is closed; the server pings a client that is silent for half of
 *     it, which browsers answer on their own
 * @param webSockets whether WebSocket upgrades (and so {@code eth_subscribe}) are accepted on the port
 */
public record RpcConfig(
        String host,
        int port,
        int maxRequestBytes,
        int maxBatchSize,
        int maxConnections,
        int maxSubscriptionsPerConnection,
        int workerThreads,
        int maxQueuedRequests,
        List<String> corsAllowedOrigins,
        int maxPendingNotificationBytes,
        List<String> allowedHosts,
        Duration idleTimeout,
        Duration webSocketIdleTimeout,
        boolean webSockets) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8545;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_SIZE = 1000;
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
    public static final int DEFAULT_WORKER_THREADS = 8;
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 256;
    public static final int DEFAULT_MAX_PENDING_NOTIFICATION_BYTES = 4 * 1024 * 1024;
    /** The names of this machine's loopback interface: what a local client puts in its Host header. */
    public static final List<String> DEFAULT_ALLOWED_HOSTS = List.of("localhost", "127.0.0.1", "::1");

    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final Duration DEFAULT_WEBSOCKET_IDLE_TIMEOUT = Duration.ofMinutes(5);

    private static final int MIN_REQUEST_BYTES = 1024;
    private static final int MAX_REQUEST_BYTES_LIMIT = 256 * 1024 * 1024;
    private static final Pattern ORIGIN = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+");
    private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    public RpcConfig {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("rpc host must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("rpc port must be in 0..65535, got " + port);
        }
        if (maxRequestBytes < MIN_REQUEST_BYTES || maxRequestBytes > MAX_REQUEST_BYTES_LIMIT) {
            throw new IllegalArgumentException("rpc maxRequestBytes must be in " + MIN_REQUEST_BYTES + ".."
                    + MAX_REQUEST_BYTES_LIMIT + ", got " + maxRequestBytes);
        }
        requirePositive("maxBatchSize", maxBatchSize);
        requirePositive("maxConnections", maxConnections);
        if (maxSubscriptionsPerConnection < 0) {
            throw new IllegalArgumentException(
                    "rpc maxSubscriptionsPerConnection must not be negative, got " + maxSubscriptionsPerConnection);
        }
        requirePositive("workerThreads", workerThreads);
        requirePositive("maxQueuedRequests", maxQueuedRequests);
        if (corsAllowedOrigins == null) {
            throw new IllegalArgumentException("rpc corsAllowedOrigins must not be null (use an empty list)");
        }
        for (String origin : corsAllowedOrigins) {
            if (origin == null
                    || !(origin.equals("*")
                            || origin.equals("null")
                            || ORIGIN.matcher(origin).matches())) {
                throw new IllegalArgumentException("rpc corsAllowedOrigins: '" + origin
                        + "' is not an origin like http://localhost:3000, \"null\" or \"*\"");
            }
        }
        corsAllowedOrigins = List.copyOf(corsAllowedOrigins);
        if (maxPendingNotificationBytes < MIN_REQUEST_BYTES) {
            throw new IllegalArgumentException("rpc maxPendingNotificationBytes must be at least " + MIN_REQUEST_BYTES
                    + ", got " + maxPendingNotificationBytes);
        }
        if (allowedHosts == null) {
            throw new IllegalArgumentException("rpc allowedHosts must not be null (use [\"*\"] to allow any)");
        }
        for (String allowed : allowedHosts) {
            if (allowed == null
                    || !(allowed.equals("*") || HostPolicy.hostName(allowed).isPresent())) {
                throw new IllegalArgumentException("rpc allowedHosts: '" + allowed
                        + "' is not a host name, an IP address (without a port) or \"*\"");
            }
        }
        allowedHosts = List.copyOf(allowedHosts);
        requireTimeout("idleTimeout", idleTimeout);
        requireTimeout("webSocketIdleTimeout", webSocketIdleTimeout);
    }

    public static RpcConfig defaults() {
        return new RpcConfig(
                DEFAULT_HOST,
                DEFAULT_PORT,
                DEFAULT_MAX_REQUEST_BYTES,
                DEFAULT_MAX_BATCH_SIZE,
                DEFAULT_MAX_CONNECTIONS,
                DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION,
                DEFAULT_WORKER_THREADS,
                DEFAULT_MAX_QUEUED_REQUESTS,
                List.of(),
                DEFAULT_MAX_PENDING_NOTIFICATION_BYTES,
                DEFAULT_ALLOWED_HOSTS,
                DEFAULT_IDLE_TIMEOUT,
                DEFAULT_WEBSOCKET_IDLE_TIMEOUT,
                true);
    }

    public RpcConfig withHost(String newHost) {
        return copy().host(newHost).build();
    }

    public RpcConfig withPort(int newPort) {
        return copy().port(newPort).build();
    }

    public RpcConfig withMaxRequestBytes(int newMaxRequestBytes) {
        return copy().maxRequestBytes(newMaxRequestBytes).build();
    }

    public RpcConfig withMaxBatchSize(int newMaxBatchSize) {
        return copy().maxBatchSize(newMaxBatchSize).build();
    }

    public RpcConfig withMaxConnections(int newMaxConnections) {
        return copy().maxConnections(newMaxConnections).build();
    }

    public RpcConfig withMaxSubscriptionsPerConnection(int newMax) {
        return copy().maxSubscriptionsPerConnection(newMax).build();
    }

    public RpcConfig withWorkers(int newWorkerThreads, int newMaxQueuedRequests) {
        return copy().workers(newWorkerThreads, newMaxQueuedRequests).build();
    }

    public RpcConfig withCorsAllowedOrigins(List<String> newOrigins) {
        return copy().corsAllowedOrigins(newOrigins).build();
    }

    public RpcConfig withMaxPendingNotificationBytes(int newMaxPendingNotificationBytes) {
        return copy().maxPendingNotificationBytes(newMaxPendingNotificationBytes)
                .build();
    }

    public RpcConfig withAllowedHosts(List<String> newAllowedHosts) {
        return copy().allowedHosts(newAllowedHosts).build();
    }

    public RpcConfig withIdleTimeout(Duration newIdleTimeout) {
        return copy().idleTimeout(newIdleTimeout).build();
    }

    public RpcConfig withWebSocketIdleTimeout(Duration newWebSocketIdleTimeout) {
        return copy().webSocketIdleTimeout(newWebSocketIdleTimeout).build();
    }

    public RpcConfig withWebSockets(boolean accepted) {
        return copy().webSockets(accepted).build();
    }

    private Copy copy() {
        return new Copy(this);
    }

    /** This configuration with some fields changed; {@link #build} validates the result. */
    private static final class Copy {
        private String host;
        private int port;
        private int maxRequestBytes;
        private int maxBatchSize;
        private int maxConnections;
        private int maxSubscriptionsPerConnection;
        private int workerThreads;
        private int maxQueuedRequests;
        private List<String> corsAllowedOrigins;
        private int maxPendingNotificationBytes;
        private List<String> allowedHosts;
        private Duration idleTimeout;
        private Duration webSocketIdleTimeout;
        private boolean webSockets;

        Copy(RpcConfig from) {
            host = from.host;
            port = from.port;
            maxRequestBytes = from.maxRequestBytes;
            maxBatchSize = from.maxBatchSize;
            maxConnections = from.maxConnections;
            maxSubscriptionsPerConnection = from.maxSubscriptionsPerConnection;
            workerThreads = from.workerThreads;
            maxQueuedRequests = from.maxQueuedRequests;
            corsAllowedOrigins = from.corsAllowedOrigins;
            maxPendingNotificationBytes = from.maxPendingNotificationBytes;
            allowedHosts = from.allowedHosts;
            idleTimeout = from.idleTimeout;
            webSocketIdleTimeout = from.webSocketIdleTimeout;
            webSockets = from.webSockets;
        }

        Copy host(String value) {
            host = value;
            return this;
        }

        Copy port(int value) {
            port = value;
            return this;
        }

        Copy maxRequestBytes(int value) {
            maxRequestBytes = value;
            return this;
        }

        Copy maxBatchSize(int value) {
            maxBatchSize = value;
            return this;
        }

        Copy maxConnections(int value) {
            maxConnections = value;
            return this;
        }

        Copy maxSubscriptionsPerConnection(int value) {
            maxSubscriptionsPerConnection = value;
            return this;
        }

        Copy workers(int threads, int queued) {
            workerThreads = threads;
            maxQueuedRequests = queued;
            return this;
        }

        Copy corsAllowedOrigins(List<String> value) {
            corsAllowedOrigins = value;
            return this;
        }

        Copy maxPendingNotificationBytes(int value) {
            maxPendingNotificationBytes = value;
            return this;
        }

        Copy allowedHosts(List<String> value) {
            allowedHosts = value;
            return this;
        }

        Copy idleTimeout(Duration value) {
            idleTimeout = value;
            return this;
        }

        Copy webSocketIdleTimeout(Duration value) {
            webSocketIdleTimeout = value;
            return this;
        }

        Copy webSockets(boolean value) {
            webSockets = value;
            return this;
        }

        RpcConfig build() {
            return new RpcConfig(
                    host,
                    port,
                    maxRequestBytes,
                    maxBatchSize,
                    maxConnections,
                    maxSubscriptionsPerConnection,
                    workerThreads,
                    maxQueuedRequests,
                    corsAllowedOrigins,
                    maxPendingNotificationBytes,
                    allowedHosts,
                    idleTimeout,
                    webSocketIdleTimeout,
                    webSockets);
        }
    }

    private static void requireTimeout(String name, Duration value) {
        if (value == null || value.compareTo(MIN_TIMEOUT) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("rpc " + name + " must be from 1ms to 1 day, got " + value);
        }
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("rpc " + name + " must be at least 1, got " + value);
        }
    }
}
