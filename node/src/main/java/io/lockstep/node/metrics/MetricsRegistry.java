package io.lockstep.node.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/** The metrics of one node, in registration order; a name is registered once. */
public final class MetricsRegistry {

    private final Map<String, Metric> metrics = new LinkedHashMap<>();

    public Counter counter(String name, String help, String... labelNames) {
        return register(new Counter(name, help, List.of(labelNames)));
    }

    /** A gauge that its owner sets. */
    public Gauge gauge(String name, String help) {
        return register(new Gauge(name, help, null));
    }

    /** A gauge whose value is read from {@code supplier} at every scrape; it must be cheap and thread-safe. */
    public Gauge gauge(String name, String help, LongSupplier supplier) {
        if (supplier == null) {
            throw new IllegalArgumentException("gauge " + name + ": supplier is null");
        }
        return register(new Gauge(name, help, supplier));
    }

    public Histogram histogram(String name, String help, double[] bounds, String... labelNames) {
        return register(new Histogram(name, help, bounds, List.of(labelNames)));
    }

    /** The registered metrics, in registration order. */
    public synchronized List<Metric> metrics() {
        return new ArrayList<>(metrics.values());
    }

    /** The whole registry in the Prometheus text format. */
    public String scrape() {
        return PrometheusText.format(metrics());
    }

    private synchronized <M extends Metric> M register(M metric) {
        for (Metric existing : metrics.values()) {
            for (String name : sampleNames(metric)) {
                if (sampleNames(existing).contains(name)) {
                    throw new IllegalArgumentException(
                            "metric " + metric.name() + " clashes with the registered " + existing.name());
                }
            }
        }
        metrics.put(metric.name(), metric);
        return metric;
    }

    /** A histogram named {@code x} also writes {@code x_bucket}, {@code x_sum} and {@code x_count}. */
    private static List<String> sampleNames(Metric metric) {
        String name = metric.name();
        return metric instanceof Histogram
                ? List.of(name, name + "_bucket", name + "_sum", name + "_count")
                : List.of(name);
    }
}
