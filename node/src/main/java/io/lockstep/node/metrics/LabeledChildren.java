package io.lockstep.node.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The children of a labelled metric, one per distinct list of label values. Callers choose label values
 * from bounded sets (a registered method name, an error code); this class does not bound them.
 */
final class LabeledChildren<C> {

    private static final Comparator<List<String>> ORDER = (a, b) -> {
        for (int i = 0; i < a.size(); i++) {
            int c = a.get(i).compareTo(b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return 0;
    };

    private final String metric;
    private final List<String> labelNames;
    private final Supplier<C> factory;
    private final Map<List<String>, C> children = new ConcurrentHashMap<>();

    LabeledChildren(String metric, List<String> labelNames, Supplier<C> factory) {
        this.metric = metric;
        this.labelNames = List.copyOf(labelNames);
        this.factory = factory;
        if (labelNames.isEmpty()) {
            // An unlabelled metric has exactly one child, present from the start so that it is exported as 0.
            children.put(List.of(), factory.get());
        }
    }

    C get(String... labelValues) {
        if (labelValues.length != labelNames.size()) {
            throw new IllegalArgumentException("metric " + metric + " has labels " + labelNames + ", got "
                    + labelValues.length + " values " + Arrays.toString(labelValues));
        }
        List<String> key = List.of(labelValues); // List.of rejects null values
        return children.computeIfAbsent(key, k -> factory.get());
    }

    /** Snapshot of the children, ordered by label values so that the exposition is stable. */
    List<Map.Entry<List<String>, C>> sorted() {
        List<Map.Entry<List<String>, C>> entries = new ArrayList<>(children.entrySet());
        entries.sort(Map.Entry.comparingByKey(ORDER));
        return entries;
    }

    List<String> labelNames() {
        return labelNames;
    }
}
