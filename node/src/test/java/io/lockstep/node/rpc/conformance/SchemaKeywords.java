package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The JSON Schema keywords the validator implements: exactly those the execution-apis schemas use, found by {@link
 * #census}. Anything else is refused, never skipped.
 */
final class SchemaKeywords {

    /** Keywords that constrain a value. */
    static final Set<String> VALIDATING = Set.of(
            "$ref",
            "type",
            "enum",
            "const",
            "pattern",
            "minimum",
            "maximum",
            "required",
            "properties",
            "patternProperties",
            "additionalProperties",
            "items",
            "allOf",
            "anyOf",
            "oneOf",
            "not");

    /** Keywords that only describe: nothing to check. */
    static final Set<String> ANNOTATIONS = Set.of("title", "description");

    static final Set<String> SUPPORTED;

    static {
        Set<String> all = new TreeSet<>(VALIDATING);
        all.addAll(ANNOTATIONS);
        SUPPORTED = Set.copyOf(all);
    }

    private SchemaKeywords() {}

    /** Refuses a schema object with a keyword outside {@link #SUPPORTED}. */
    static void requireSupported(ResolvedSchema schema) {
        for (Iterator<String> names = schema.body().fieldNames(); names.hasNext(); ) {
            String keyword = names.next();
            if (!SUPPORTED.contains(keyword)) {
                throw new UnsupportedKeywordException(keyword, schema.keywordLocation(keyword));
            }
        }
    }

    /**
     * Every keyword written anywhere in the given schemas and their subschemas, with how often. The walk follows
     * the places a subschema can stand (it does not mistake a property named {@code type} for the keyword) and does
     * not follow {@code $ref}s: the roots are expected to include every component schema.
     */
    static SortedMap<String, Integer> census(Collection<Schema> roots) {
        SortedMap<String, Integer> counts = new TreeMap<>();
        Deque<JsonNode> pending = new ArrayDeque<>();
        roots.forEach(root -> pending.push(root.body()));
        while (!pending.isEmpty()) {
            JsonNode schema = pending.pop();
            if (!schema.isObject()) {
                continue;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = schema.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                counts.merge(field.getKey(), 1, Integer::sum);
                JsonNode value = field.getValue();
                switch (field.getKey()) {
                    case "properties", "patternProperties" -> value.elements().forEachRemaining(pending::push);
                    case "allOf", "anyOf", "oneOf" -> value.elements().forEachRemaining(pending::push);
                    case "items" -> {
                        if (value.isArray()) {
                            value.elements().forEachRemaining(pending::push);
                        } else {
                            pending.push(value);
                        }
                    }
                    case "not", "additionalProperties" -> pending.push(value);
                    default -> {
                        // Every other keyword holds a value, not a subschema.
                    }
                }
            }
        }
        return counts;
    }
}
