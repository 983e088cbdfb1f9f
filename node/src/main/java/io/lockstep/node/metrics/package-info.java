/**
 * The node's metrics: a small registry of counters, gauges and histograms, written in the Prometheus text
 * exposition format 0.0.4 and served by {@link io.lockstep.node.metrics.MetricsServer} on its own port.
 * Metrics are operational only; nothing consensus-relevant reads them.
 */
package io.lockstep.node.metrics;
