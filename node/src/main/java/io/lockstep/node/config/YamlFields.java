package io.lockstep.node.config;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The fields of one YAML mapping, read by name with the field's own parser. Every problem is reported
 * with the field's full path ({@code rpc.port}, {@code alloc[2].balance}); {@link #finish()} refuses the
 * keys nobody asked for, so that a misspelt field is an error rather than a silently applied default.
 */
final class YamlFields {

    private final String path;
    private final Map<String, YamlNode> entries;
    /** The keys read so far, in the order the reader asks for them: the expected ones, for messages. */
    private final Set<String> asked = new LinkedHashSet<>();

    private YamlFields(String path, Map<String, YamlNode> entries) {
        this.path = path;
        this.entries = entries;
    }

    /** The root mapping of a document. */
    static YamlFields root(YamlNode node) {
        return of(node, "");
    }

    static YamlFields of(YamlNode node, String path) {
        if (node instanceof YamlNode.Mapping mapping) {
            return new YamlFields(path, mapping.entries());
        }
        if (node instanceof YamlNode.Empty) {
            return new YamlFields(path, Map.of());
        }
        throw new ConfigException(
                path.isEmpty() ? null : path, "expected a mapping of 'key: value' lines, found " + node.kind());
    }

    String path(String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    /** A scalar field that must be present. */
    <T> T required(String name, Function<String, T> parser) {
        return scalar(name, parser).orElseThrow(() -> missing(name));
    }

    /** The field is absent; when a key differs from it only in case, that is the likely mistake. */
    ConfigException missing(String name) {
        for (String key : entries.keySet()) {
            if (key.equalsIgnoreCase(name)) {
                return new ConfigException(
                        path(name), "missing (required); found '" + key + "': field names are case-sensitive");
            }
        }
        return new ConfigException(path(name), "missing (required)");
    }

    /** A scalar field, or {@code fallback} when the key is absent. */
    <T> T optional(String name, T fallback, Function<String, T> parser) {
        return scalar(name, parser).orElse(fallback);
    }

    /**
     * A list of values ({@code - item} lines, or {@code [a, b]}), or {@code fallback} when the key is absent.
     * One value on its own reads as a list of one, so that {@code hosts: "*"} means what it says.
     */
    List<String> optionalList(String name, List<String> fallback) {
        Optional<YamlNode> node = node(name);
        if (node.isEmpty()) {
            return fallback;
        }
        if (node.get() instanceof YamlNode.Scalar scalar) {
            return List.of(scalar.text());
        }
        if (node.get() instanceof YamlNode.Empty) {
            throw new ConfigException(path(name), "no value; write one, or remove the line for the default");
        }
        if (!(node.get() instanceof YamlNode.Sequence sequence)) {
            throw new ConfigException(
                    path(name), "expected a list of values, found " + node.get().kind());
        }
        List<String> items = new ArrayList<>();
        for (YamlNode item : sequence.items()) {
            if (!(item instanceof YamlNode.Scalar scalar)) {
                throw new ConfigException(
                        path(name) + "[" + items.size() + "]", "expected a value, found " + item.kind());
            }
            items.add(scalar.text());
        }
        return items;
    }

    /** A nested mapping; absent or empty reads as a mapping without fields, so all its defaults apply. */
    YamlFields section(String name) {
        return YamlFields.of(node(name).orElse(new YamlNode.Empty()), path(name));
    }

    /** A list of mappings, each read by {@code item} with the element's path ({@code alloc[2]}). */
    <T> Optional<List<T>> list(String name, Function<YamlFields, T> item) {
        Optional<YamlNode> node = node(name);
        if (node.isEmpty() || node.get() instanceof YamlNode.Empty) {
            return node.isEmpty() ? Optional.empty() : Optional.of(List.of());
        }
        if (!(node.get() instanceof YamlNode.Sequence sequence)) {
            throw new ConfigException(
                    path(name),
                    "expected a list ('- ' items), found " + node.get().kind());
        }
        List<T> items = new ArrayList<>();
        for (YamlNode element : sequence.items()) {
            String elementPath = path(name) + "[" + items.size() + "]";
            YamlFields fields = YamlFields.of(element, elementPath);
            T value;
            try {
                value = item.apply(fields);
            } catch (ConfigException e) {
                // The element's own checks (a record's constructor) know the field, not the element.
                throw e.field().orElse("").startsWith(elementPath) ? e : e.under(elementPath);
            }
            fields.finish();
            items.add(value);
        }
        return Optional.of(items);
    }

    /** Builds this mapping's record; the record's own checks name the field relative to it. */
    <T> T construct(Supplier<T> record) {
        try {
            return record.get();
        } catch (ConfigException e) {
            throw path.isEmpty() ? e : e.under(path);
        }
    }

    /** Refuses the keys that were not read: a misspelt or misplaced field must not go unnoticed. */
    void finish() {
        for (String key : entries.keySet()) {
            if (!asked.contains(key)) {
                throw new ConfigException(
                        path(key),
                        "unknown field" + (asked.isEmpty() ? "" : "; expected one of: " + String.join(", ", asked)));
            }
        }
    }

    private <T> Optional<T> scalar(String name, Function<String, T> parser) {
        Optional<YamlNode> node = node(name);
        if (node.isEmpty()) {
            return Optional.empty();
        }
        if (node.get() instanceof YamlNode.Empty) {
            throw new ConfigException(path(name), "no value; write one, or remove the line for the default");
        }
        if (!(node.get() instanceof YamlNode.Scalar scalar)) {
            throw new ConfigException(
                    path(name), "expected a value, found " + node.get().kind());
        }
        try {
            return Optional.of(parser.apply(scalar.text()));
        } catch (ConfigException e) {
            throw e.field().isPresent() ? e.under(path(name)) : new ConfigException(path(name), e.problem());
        }
    }

    private Optional<YamlNode> node(String name) {
        asked.add(name);
        return Optional.ofNullable(entries.get(name));
    }
}
