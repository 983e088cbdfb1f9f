package io.lockstep.nn.internal.operator;

import io.lockstep.nn.OpsetImport;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Maps (domain, op type, opset version) to an {@link Operator}. An entry covers a range of opset
 * versions that the model imports, because ONNX changes an operator's inputs and attributes between
 * versions (Squeeze's axes moved from an attribute to an input in opset 13).
 */
public final class OperatorRegistry {
    /** Highest opset version of the default domain that any entry may claim. */
    public static final int MAX_OPSET = 25;

    private record Entry(int since, int until, Operator operator) {}

    private final Map<String, List<Entry>> entries = new TreeMap<>();

    /** Registers an operator of the default ONNX domain for opset versions {@code since..until}. */
    public OperatorRegistry register(String opType, int since, int until, Operator operator) {
        return register("", opType, since, until, operator);
    }

    public OperatorRegistry register(String domain, String opType, int since, int until, Operator operator) {
        if (since > until) {
            throw new IllegalArgumentException(opType + ": empty version range");
        }
        List<Entry> list = entries.computeIfAbsent(key(domain, opType), k -> new ArrayList<>());
        for (Entry e : list) {
            if (since <= e.until && e.since <= until) {
                throw new IllegalArgumentException(opType + ": overlapping version ranges");
            }
        }
        list.add(new Entry(since, until, operator));
        return this;
    }

    public Optional<Operator> find(String domain, String opType, long version) {
        for (Entry e : entries.getOrDefault(key(domain, opType), List.of())) {
            if (version >= e.since && version <= e.until) {
                return Optional.of(e.operator);
            }
        }
        return Optional.empty();
    }

    /** Whether any opset version of the operator is registered. */
    public boolean knows(String domain, String opType) {
        return entries.containsKey(key(domain, opType));
    }

    /** The registered op types of the default domain, sorted. */
    public Set<String> defaultDomainOpTypes() {
        Set<String> out = new java.util.TreeSet<>();
        for (String key : entries.keySet()) {
            if (key.startsWith(":")) {
                out.add(key.substring(1));
            }
        }
        return Collections.unmodifiableSet(out);
    }

    /** The supported versions of an operator, for error messages: "7..22" or "7..12, 13..22". */
    public String versions(String domain, String opType) {
        List<String> ranges = new ArrayList<>();
        for (Entry e : entries.getOrDefault(key(domain, opType), List.of())) {
            ranges.add(e.since + ".." + e.until);
        }
        return String.join(", ", ranges);
    }

    private static String key(String domain, String opType) {
        return (OpsetImport.isDefaultDomain(domain) ? "" : domain) + ":" + opType;
    }
}
