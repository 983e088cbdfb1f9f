package io.lockstep.node.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {

    @Test
    void exactExposition() {
        MetricsRegistry registry = new MetricsRegistry();
        Counter requests = registry.counter("requests_total", "Requests by method.\nSecond line \\ slash.", "method");
        requests.labels("b\"quoted\"").inc(2);
        requests.labels("a\\back\nslash").inc();
        Gauge open = registry.gauge("open_connections", "Open connections.");
        open.set(3);
        registry.gauge("queue_length", "Read at scrape.", () -> 42);
        Histogram latency = registry.histogram("latency_seconds", "Latency.", new double[] {0.5, 1, 2.5});
        latency.observe(0.5);
        latency.observe(0.7);
        latency.observe(100);
        registry.counter("idle_total", "Never incremented.");

        assertEquals(
                """
                # HELP requests_total Requests by method.\\nSecond line \\\\ slash.
                # TYPE requests_total counter
                requests_total{method="a\\\\back\\nslash"} 1
                requests_total{method="b\\"quoted\\""} 2
                # HELP open_connections Open connections.
                # TYPE open_connections gauge
                open_connections 3
                # HELP queue_length Read at scrape.
                # TYPE queue_length gauge
                queue_length 42
                # HELP latency_seconds Latency.
                # TYPE latency_seconds histogram
                latency_seconds_bucket{le="0.5"} 1
                latency_seconds_bucket{le="1"} 2
                latency_seconds_bucket{le="2.5"} 2
                latency_seconds_bucket{le="+Inf"} 3
                latency_seconds_sum 101.2
                latency_seconds_count 3
                # HELP idle_total Never incremented.
                # TYPE idle_total counter
                idle_total 0
                """,
                registry.scrape());
    }

    @Test
    void labelledHistogramKeepsLeLast() {
        MetricsRegistry registry = new MetricsRegistry();
        Histogram histogram = registry.histogram("h_seconds", "H.", new double[] {1}, "method");
        histogram.labels("x").observe(2);
        String text = registry.scrape();
        assertTrue(text.contains("h_seconds_bucket{method=\"x\",le=\"1\"} 0\n"), text);
        assertTrue(text.contains("h_seconds_bucket{method=\"x\",le=\"+Inf\"} 1\n"), text);
        assertTrue(text.contains("h_seconds_sum{method=\"x\"} 2\n"), text);
        assertTrue(text.contains("h_seconds_count{method=\"x\"} 1\n"), text);
    }

    @Test
    void values() {
        assertEquals("0", PrometheusText.formatValue(0));
        assertEquals("-3", PrometheusText.formatValue(-3));
        assertEquals("0.25", PrometheusText.formatValue(0.25));
        assertEquals("1.0E-4", PrometheusText.formatValue(1e-4));
        assertEquals("+Inf", PrometheusText.formatValue(Double.POSITIVE_INFINITY));
        assertEquals("-Inf", PrometheusText.formatValue(Double.NEGATIVE_INFINITY));
        assertEquals("NaN", PrometheusText.formatValue(Double.NaN));
        assertEquals("1.8014398509481984E16", PrometheusText.formatValue(0x1p54));
    }

    @Test
    void registrationMistakesAreRefused() {
        MetricsRegistry registry = new MetricsRegistry();
        registry.histogram("x_seconds", "X.", new double[] {1});
        assertThrows(IllegalArgumentException.class, () -> registry.counter("x_seconds_count", "Clash."));
        assertThrows(IllegalArgumentException.class, () -> registry.gauge("x_seconds", "Clash."));
        registry.counter("y_count", "Y.");
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("y", "Clash.", new double[] {1}));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("bad-name", "Bad."));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("ok_total", " "));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("ok_total", "Ok.", "__reserved"));
        assertThrows(IllegalArgumentException.class, () -> registry.counter("ok_total", "Ok.", "a", "a"));
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("h", "H.", new double[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("h", "H.", new double[] {1}, "le"));
        Counter labelled = registry.counter("z_total", "Z.", "method");
        assertThrows(IllegalArgumentException.class, () -> labelled.labels());
        assertThrows(IllegalArgumentException.class, () -> labelled.labels("a", "b"));
        assertThrows(IllegalArgumentException.class, () -> labelled.labels("a").inc(-1));
        Gauge supplied = registry.gauge("s", "S.", () -> 1);
        assertThrows(IllegalStateException.class, () -> supplied.set(2));
        assertThrows(IllegalArgumentException.class, () -> registry.histogram("n", "N.", new double[] {1})
                .observe(Double.NaN));
    }
}
