package io.lockstep.node.metrics;

import java.util.List;
import java.util.regex.Pattern;

/** The naming rules of the Prometheus data model, checked when a metric is created. */
final class MetricNames {

    /** Colons are reserved for recording rules but legal. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    /** Label names starting with two underscores are reserved by Prometheus. */
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private MetricNames() {}

    static void check(String name, String help, List<String> labelNames) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("metric name '" + name + "' is not [a-zA-Z_:][a-zA-Z0-9_:]*");
        }
        if (help == null || help.isBlank()) {
            throw new IllegalArgumentException("metric " + name + " needs a help text");
        }
        for (String label : labelNames) {
            if (label == null || !LABEL_NAME.matcher(label).matches() || label.startsWith("__")) {
                throw new IllegalArgumentException("metric " + name + ": label name '" + label + "' is not valid");
            }
        }
        if (labelNames.stream().distinct().count() != labelNames.size()) {
            throw new IllegalArgumentException("metric " + name + ": label names repeat: " + labelNames);
        }
    }
}
