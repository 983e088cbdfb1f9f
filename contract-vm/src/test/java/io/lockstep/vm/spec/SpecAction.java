package io.lockstep.vm.spec;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** An {@code invoke} of an exported function or a {@code get} of an exported global. */
record SpecAction(String kind, String module, String field, List<SpecValue> args) {

    static SpecAction of(JsonNode node) {
        List<SpecValue> args = new ArrayList<>();
        for (JsonNode arg : node.path("args")) {
            args.add(SpecValue.of(arg));
        }
        String module = node.hasNonNull("module") ? node.get("module").asText() : null;
        return new SpecAction(
                node.path("type").asText(), module, node.path("field").asText(), List.copyOf(args));
    }

    boolean isInvoke() {
        return kind.equals("invoke");
    }

    @Override
    public String toString() {
        return kind + " " + (module == null ? "" : module + ".") + "\"" + field + "\"" + args;
    }
}
