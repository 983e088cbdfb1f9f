package io.lockstep.node.metrics;

import java.util.List;

/** One metric family: a name, its help text, its label names, and the samples it has now. */
public sealed interface Metric permits Counter, Gauge, Histogram {

    String name();

    String help();

    List<String> labelNames();

    /** The type word of the {@code # TYPE} line. */
    String type();

    /** The samples at this instant, children in label-value order. */
    List<Sample> samples();

    /** One exposition line: {@code name{labels} value}. */
    record Sample(String name, List<String> labelNames, List<String> labelValues, double value) {
        public Sample {
            labelNames = List.copyOf(labelNames);
            labelValues = List.copyOf(labelValues);
            if (labelNames.size() != labelValues.size()) {
                throw new IllegalArgumentException("labels " + labelNames + " got values " + labelValues);
            }
        }
    }
}
