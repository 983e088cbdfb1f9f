package io.lockstep.node.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** A monotonically increasing count, optionally split by labels. */
public final class Counter implements Metric {

    private final String name;
    private final String help;
    private final LabeledChildren<Child> children;

    Counter(String name, String help, List<String> labelNames) {
        MetricNames.check(name, help, labelNames);
        this.name = name;
        this.help = help;
        this.children = new LabeledChildren<>(name, labelNames, Child::new);
    }

    /** The child for these label values, created on first use. */
    public Child labels(String... labelValues) {
        return children.get(labelValues);
    }

    /** Increments an unlabelled counter. */
    public void inc() {
        labels().inc();
    }

    /** Adds to an unlabelled counter. */
    public void inc(long amount) {
        labels().inc(amount);
    }

    /** The current value of the child with these label values (0 if it was never incremented). */
    public long value(String... labelValues) {
        return labels(labelValues).value();
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
        return "counter";
    }

    @Override
    public List<Sample> samples() {
        List<Sample> samples = new ArrayList<>();
        for (Map.Entry<List<String>, Child> child : children.sorted()) {
            samples.add(new Sample(
                    name, labelNames(), child.getKey(), child.getValue().value()));
        }
        return samples;
    }

    /** One labelled count. */
    public static final class Child {
        private final LongAdder count = new LongAdder();

        private Child() {}

        public void inc() {
            count.increment();
        }

        public void inc(long amount) {
            if (amount < 0) {
                throw new IllegalArgumentException("a counter only goes up, got " + amount);
            }
            count.add(amount);
        }

        public long value() {
            return count.sum();
        }
    }
}
