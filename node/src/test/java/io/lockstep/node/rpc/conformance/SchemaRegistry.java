package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The named component schemas of the specification and the resolution of {@code $ref}s between them.
 *
 * <p>References are written {@code #/components/schemas/<Name>} or {@code #/components/schemas/<Name>/<pointer>}
 * (the engine schemas point into another schema's properties), whatever file the target is in: the execution-apis
 * build merges every schema file into one {@code components.schemas} map. Other forms are refused.
 */
final class SchemaRegistry {

    static final String COMPONENTS = "#/components/schemas/";

    /** Longer {@code $ref} chains than this are certainly cycles: the specification's longest is 3. */
    private static final int MAX_REF_CHAIN = 32;

    private final Map<String, JsonNode> components;
    // Keyed by node identity: a schema node is resolved once however often validation passes through it.
    private final Map<JsonNode, ResolvedSchema> resolved = Collections.synchronizedMap(new IdentityHashMap<>());

    SchemaRegistry(Map<String, JsonNode> components) {
        this.components = Collections.unmodifiableMap(new TreeMap<>(components));
    }

    SortedSet<String> names() {
        return new TreeSet<>(components.keySet());
    }

    /** A named component schema. */
    Schema component(String name) {
        JsonNode body = components.get(name);
        if (body == null) {
            throw new IllegalArgumentException("no component schema named " + name);
        }
        return new Schema(body, COMPONENTS + name);
    }

    /** The schema a {@code $ref} names, not yet resolved itself. */
    Schema target(String ref, String from) {
        if (!ref.startsWith(COMPONENTS)) {
            throw new IllegalStateException(
                    "unsupported $ref form " + ref + " at " + from + "; expected " + COMPONENTS + "<Name>[/<pointer>]");
        }
        String rest = ref.substring(COMPONENTS.length());
        int slash = rest.indexOf('/');
        String name = slash < 0 ? rest : rest.substring(0, slash);
        JsonNode node = components.get(name);
        if (node == null) {
            throw new IllegalStateException("$ref " + ref + " at " + from + " names no component schema");
        }
        if (slash >= 0) {
            node = node.at(JsonPointer.compile(rest.substring(slash)));
            if (node.isMissingNode()) {
                throw new IllegalStateException("$ref " + ref + " at " + from + " points at nothing");
            }
        }
        return new Schema(node, ref);
    }

    /** The schema with its {@code $ref} chain followed and the referencing keywords laid over the target. */
    ResolvedSchema resolve(Schema schema) {
        ResolvedSchema cached = resolved.get(schema.body());
        if (cached != null) {
            return cached;
        }
        ResolvedSchema result = follow(schema, new LinkedHashSet<>());
        resolved.put(schema.body(), result);
        return result;
    }

    private ResolvedSchema follow(Schema schema, Set<String> chain) {
        JsonNode body = schema.body();
        if (!body.isObject() || !body.has("$ref")) {
            return new ResolvedSchema(body, schema.location(), Map.of());
        }
        if (!chain.add(schema.location()) || chain.size() > MAX_REF_CHAIN) {
            throw new IllegalStateException("$ref cycle: " + String.join(" -> ", chain));
        }
        JsonNode ref = body.get("$ref");
        if (!ref.isTextual()) {
            throw new IllegalStateException("$ref at " + schema.location() + " is not a string: " + ref);
        }
        ResolvedSchema base = follow(target(ref.asText(), schema.location()), chain);
        if (body.size() == 1) {
            return base;
        }
        if (!base.body().isObject()) {
            throw new IllegalStateException(
                    "$ref at " + schema.location() + " with sibling keywords names a boolean schema");
        }
        ObjectNode merged = JsonNodeFactory.instance.objectNode();
        merged.setAll((ObjectNode) base.body());
        Map<String, String> overrides = new HashMap<>(base.overrideLocations());
        body.fields().forEachRemaining(field -> {
            if (!field.getKey().equals("$ref")) {
                merged.set(field.getKey(), field.getValue());
                overrides.put(field.getKey(), schema.location());
            }
        });
        return new ResolvedSchema(merged, base.location(), overrides);
    }
}
