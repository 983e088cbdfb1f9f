package io.lockstep.vm.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * One command of a wast2json script. Fields a command type does not use are {@code null} or empty.
 *
 * @param moduleName the {@code $name} a module is defined under, or the module a {@code register} names
 * @param registerAs the name a {@code register} makes the module importable under
 * @param moduleType {@code binary} or {@code text} for assertions on modules
 */
record SpecCommand(
        String type,
        int line,
        String filename,
        String moduleName,
        String registerAs,
        SpecAction action,
        List<SpecValue> expected,
        String text,
        String moduleType) {

    static SpecCommand of(JsonNode node) {
        List<SpecValue> expected = new ArrayList<>();
        for (JsonNode value : node.path("expected")) {
            expected.add(SpecValue.of(value));
        }
        return new SpecCommand(
                node.path("type").asText(),
                node.path("line").asInt(),
                text(node, "filename"),
                text(node, "name"),
                text(node, "as"),
                node.has("action") ? SpecAction.of(node.get("action")) : null,
                List.copyOf(expected),
                text(node, "text"),
                text(node, "module_type"));
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(type).append(" line ").append(line);
        if (filename != null) {
            s.append(' ').append(filename);
        }
        if (action != null) {
            s.append(' ').append(action);
        }
        if (!expected.isEmpty()) {
            s.append(" -> ").append(expected);
        }
        if (text != null) {
            s.append(" \"").append(text).append('"');
        }
        return s.toString();
    }
}
