package io.lockstep.nn;

import java.util.List;
import java.util.Optional;

/**
 * A graph node. Optional inputs and outputs that are left out appear as empty names, as in ONNX.
 *
 * @param name the node's name (may be empty)
 * @param opType the operator, e.g. {@code MatMul}
 * @param domain the operator set domain ({@code ""} for the default ONNX set)
 */
public record OnnxNode(
        String name,
        String opType,
        String domain,
        List<String> inputs,
        List<String> outputs,
        List<OnnxAttribute> attributes) {
    public OnnxNode {
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        attributes = List.copyOf(attributes);
    }

    public Optional<OnnxAttribute> attribute(String attributeName) {
        return attributes.stream().filter(a -> a.name().equals(attributeName)).findFirst();
    }

    /** How errors name this node: its op type, and its name or else its first output. */
    public String describe() {
        return opType + " node " + identify();
    }

    /** {@code 'name'}, or {@code producing 'output'} for a node without a name. */
    public String identify() {
        if (!name.isEmpty()) {
            return "'" + name + "'";
        }
        return outputs.isEmpty() || outputs.get(0).isEmpty() ? "(unnamed)" : "producing '" + outputs.get(0) + "'";
    }
}
