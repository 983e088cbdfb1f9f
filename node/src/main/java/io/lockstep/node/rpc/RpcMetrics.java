package io.lockstep.node.rpc;

import io.lockstep.node.metrics.Counter;
import io.lockstep.node.metrics.Gauge;
import io.lockstep.node.metrics.Histogram;
import io.lockstep.node.metrics.MetricsRegistry;
import java.util.Locale;

/**
 * The RPC's metrics. Method labels are registered method names or {@value #UNKNOWN_METHOD}, so a client
 * sending made-up names cannot grow the label set.
 */
public final class RpcMetrics {

    /** The method label of requests whose method is not served, or that have no method at all. */
    public static final String UNKNOWN_METHOD = "unknown";

    /** Why the transport refused something before any method ran. */
    public enum Rejection {
        /** A body or WebSocket message over {@code maxRequestBytes}. */
        TOO_LARGE,
        /** The worker queue was full. */
        BUSY,
        /** A connection over {@code maxConnections}. */
        CONNECTIONS,
        /** A WebSocket client that did not read its notifications fast enough. */
        SLOW_CONSUMER,
        /** A request whose Host is not one the node serves ({@code rpc.hosts}), or without Host off loopback. */
        HOST,
        /** A browser request from an origin {@code rpc.corsAllowedOrigins} does not list. */
        ORIGIN;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final MetricsRegistry registry;
    private final Counter requests;
    private final Counter errors;
    private final Histogram latency;
    private final Counter rejected;
    private final Gauge connections;
    private final Gauge queued;
    private final Gauge running;

    public RpcMetrics(MetricsRegistry registry) {
        this.registry = registry;
        requests = registry.counter(
                "lockstep_rpc_requests_total", "JSON-RPC requests executed, notifications included.", "method");
        errors = registry.counter(
                "lockstep_rpc_errors_total", "JSON-RPC requests answered with an error, by code.", "method", "code");
        latency = registry.histogram(
                "lockstep_rpc_request_seconds",
                "Time to validate and execute one JSON-RPC request.",
                Histogram.LATENCY_SECONDS,
                "method");
        rejected = registry.counter(
                "lockstep_rpc_rejected_total",
                "Requests, messages and connections the transport refused before dispatch.",
                "reason");
        connections = registry.gauge("lockstep_rpc_connections", "Open HTTP and WebSocket connections.");
        queued = registry.gauge("lockstep_rpc_queued_requests", "Requests waiting for a worker thread.");
        running = registry.gauge("lockstep_rpc_running_requests", "Requests being executed by a worker thread.");
    }

    /** Exports the hub's number of active subscriptions; call once per hub. */
    public void track(SubscriptionHub hub) {
        registry.gauge("lockstep_rpc_subscriptions", "Active WebSocket subscriptions.", hub::count);
    }

    /** One request executed; {@code error} is null for a success. */
    public void request(String methodLabel, long nanos, RpcErrorCode error) {
        requests.labels(methodLabel).inc();
        latency.labels(methodLabel).observe(nanos / 1e9);
        if (error != null) {
            errors.labels(methodLabel, Integer.toString(error.code())).inc();
        }
    }

    public void rejected(Rejection reason) {
        rejected.labels(reason.label()).inc();
    }

    public Gauge connections() {
        return connections;
    }

    public Gauge queued() {
        return queued;
    }

    public Gauge running() {
        return running;
    }
}
