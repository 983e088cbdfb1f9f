package io.lockstep.nn;

import java.util.List;

/**
 * A decoded {@code GraphProto}: nodes in file order, initializers (constant tensors), the declared
 * inputs and outputs, and any intermediate value types.
 */
public record OnnxGraph(
        String name,
        List<OnnxNode> nodes,
        List<NamedTensor> initializers,
        List<ValueInfo> inputs,
        List<ValueInfo> outputs,
        List<ValueInfo> valueInfo) {
    public OnnxGraph {
        nodes = List.copyOf(nodes);
        initializers = List.copyOf(initializers);
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        valueInfo = List.copyOf(valueInfo);
    }
}
