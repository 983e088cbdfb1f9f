package io.lockstep.node.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/** Observations counted into fixed buckets, with their sum; optionally split by labels. */
public final class Histogram implements Metric {

    /** Request latencies in seconds, from half a millisecond to ten seconds. */
    public static final double[] LATENCY_SECONDS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
    };

    private final String name;
    private final String help;
    private final double[] bounds;
    private final List<String> le;
    private final LabeledChildren<Child> children;

    Histogram(String name, String help, double[] bounds, List<String> labelNames) {
        MetricNames.check(name, help, labelNames);
        if (labelNames.contains("le")) {
            throw new IllegalArgumentException("histogram " + name + ": 'le' is the bucket label");
        }
        if (bounds.length == 0) {
            throw new IllegalArgumentException("histogram " + name + " needs at least one bucket bound");
        }
        for (int i = 0; i < bounds.length; i++) {
            if (!Double.isFinite(bounds[i]) || (i > 0 && bounds[i] <= bounds[i - 1])) {
                throw new IllegalArgumentException(
                        "histogram " + name + ": bounds must be finite and increasing: " + Arrays.toString(bounds));
            }
        }
        this.name = name;
        this.help = help;
        this.bounds = bounds.clone();
        List<String> le = new ArrayList<>();
        for (double bound : bounds) {
            le.add(PrometheusText.formatValue(bound));
        }
        le.add("+Inf");
        this.le = List.copyOf(le);
        this.children = new LabeledChildren<>(name, labelNames, () -> new Child(this.bounds));
    }

    public Child labels(String... labelValues) {
        return children.get(labelValues);
    }

    /** Observes into an unlabelled histogram. */
    public void observe(double value) {
        labels().observe(value);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String help() {
        return help;
    }

    @Override
    public List<String> labelNames() {
        return children.labelNames();
    }

    @Override
    public String type() {
        return "histogram";
    }

    @Override
    public List<Sample> samples() {
        List<String> bucketLabels = new ArrayList<>(labelNames());
        bucketLabels.add("le");
        List<Sample> samples = new ArrayList<>();
        for (Map.Entry<List<String>, Child> entry : children.sorted()) {
            List<String> values = entry.getKey();
            long[] counts = entry.getValue().bucketCounts();
            long cumulative = 0;
            for (int i = 0; i < counts.length; i++) {
                cumulative += counts[i];
                List<String> bucketValues = new ArrayList<>(values);
                bucketValues.add(le.get(i));
                samples.add(new Sample(name + "_bucket", bucketLabels, bucketValues, cumulative));
            }
            samples.add(new Sample(
                    name + "_sum", labelNames(), values, entry.getValue().sum()));
            // The count is the +Inf bucket of the same snapshot, so the two always agree.
            samples.add(new Sample(name + "_count", labelNames(), values, cumulative));
        }
        return samples;
    }

    /** One labelled histogram. */
    public static final class Child {
        private final double[] bounds;
        private final LongAdder[] buckets;
        private final DoubleAdder sum = new DoubleAdder();

        private Child(double[] bounds) {
            this.bounds = bounds;
            this.buckets = new LongAdder[bounds.length + 1];
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        public void observe(double value) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("cannot observe NaN");
            }
            int bucket = Arrays.binarySearch(bounds, value);
            // An exact hit belongs to that bucket (le is inclusive); otherwise the insertion point.
            buckets[bucket >= 0 ? bucket : -bucket - 1].increment();
            sum.add(value);
        }

        /** Observations per bucket, not cumulative; the last is above every bound. */
        public long[] bucketCounts() {
            long[] counts = new long[buckets.length];
            for (int i = 0; i < counts.length; i++) {
                counts[i] = buckets[i].sum();
            }
            return counts;
        }

        public long count() {
            return Arrays.stream(bucketCounts()).sum();
        }

        public double sum() {
            return sum.sum();
        }
    }
}
