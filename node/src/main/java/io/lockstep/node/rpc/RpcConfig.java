package io.lockstep.node.rpc;

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
        int maxPendingNotificationBytes) {

    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final int DEFAULT_PORT = 8545;
    public static final int DEFAULT_MAX_REQUEST_BYTES = 5 * 1024 * 1024;
    public static final int DEFAULT_MAX_BATCH_SIZE = 1000;
    public static final int DEFAULT_MAX_CONNECTIONS = 100;
    public static final int DEFAULT_MAX_SUBSCRIPTIONS_PER_CONNECTION = 100;
    public static final int DEFAULT_WORKER_THREADS = 8;
    public static final int DEFAULT_MAX_QUEUED_REQUESTS = 256;
    public static final int DEFAULT_MAX_PENDING_NOTIFICATION_BYTES = 4 * 1024 * 1024;

    private static final int MIN_REQUEST_BYTES = 1024;
    private static final int MAX_REQUEST_BYTES_LIMIT = 256 * 1024 * 1024;
    private static final Pattern ORIGIN = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*://[^/\\s?#]+");

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
                DEFAULT_MAX_PENDING_NOTIFICATION_BYTES);
    }

    public RpcConfig withHost(String newHost) {
        return new RpcConfig(
                newHost,
                port,
                maxRequestBytes,
                maxBatchSize,
                maxConnections,
                maxSubscriptionsPerConnection,
                workerThreads,
                maxQueuedRequests,
                corsAllowedOrigins,
                maxPendingNotificationBytes);
    }

    public RpcConfig withPort(int newPort) {
        return new RpcConfig(
                host,
                newPort,
                maxRequestBytes,
                maxBatchSize,
                maxConnections,
                maxSubscriptionsPerConnection,
                workerThreads,
                maxQueuedRequests,
                corsAllowedOrigins,
                maxPendingNotificationBytes);
    }

    public RpcConfig withMaxRequestBytes(int newMaxRequestBytes) {
        return new RpcConfig(
                host,
                port,
                newMaxRequestBytes,
                maxBatchSize,
                maxConnections,
                maxSubscriptionsPerConnection,
                workerThreads,
                maxQueuedRequests,
                corsAllowedOrigins,
                maxPendingNotificationBytes);
    }

    public RpcConfig withMaxBatchSize(int newMaxBatchSize) {
        return new RpcConfig(
                host,
                port,
                maxRequestBytes,
                newMaxBatchSize,
                maxConnections,
                maxSubscriptionsPerConnection,
                workerThreads,
                maxQueuedRequests,
                corsAllowedOrigins,
                maxPendingNotificationBytes);
    }

    public RpcConfig withMaxConnections(int newMaxConnections) {
        return new RpcConfig(
                host,
                port,
                maxRequestBytes,
                maxBatchSize,
                newMaxConnections,
                maxSubscriptionsPerConnection,
                workerThreads,
                maxQueuedRequests,
                corsAllowedOrigins,
                maxPendingNotificationBytes);
    }

    public RpcConfig withMaxSubscriptionsPerConnection(int newMax) {
        return new RpcConfig(
                host,
                port,
                maxRequestBytes,
                maxBatchSize,
                maxConnections,
                newMax,
                workerThreads,
                maxQueuedRequests,
                corsAllowedOrigins,
                maxPendingNotificationBytes);
    }

    public RpcConfig withWorkers(int newWorkerThreads, int newMaxQueuedRequests) {
        return new RpcConfig(
                host,
                port,
                maxRequestBytes,
                maxBatchSize,
                maxConnections,
                maxSubscriptionsPerConnection,
                newWorkerThreads,
                newMaxQueuedRequests,
                corsAllowedOrigins,
                maxPendingNotificationBytes);
    }

    public RpcConfig withCorsAllowedOrigins(List<String> newOrigins) {
        return new RpcConfig(
                host,
                port,
                maxRequestBytes,
                maxBatchSize,
                maxConnections,
                maxSubscriptionsPerConnection,
                workerThreads,
                maxQueuedRequests,
                newOrigins,
                maxPendingNotificationBytes);
    }

    public RpcConfig withMaxPendingNotificationBytes(int newMaxPendingNotificationBytes) {
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
                newMaxPendingNotificationBytes);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException("rpc " + name + " must be at least 1, got " + value);
        }
    }
}
