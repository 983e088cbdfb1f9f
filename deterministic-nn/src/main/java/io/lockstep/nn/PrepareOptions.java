package io.lockstep.nn;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * How to prepare a model: the limits and cost table of the chain, shapes for graph inputs whose
 * declared shape has symbolic dimensions (a batch size {@code N}), and inputs fixed to constant values
 * (which lets shapes computed from them be resolved, as for a Reshape target passed as an input).
 */
public record PrepareOptions(
        NnLimits limits, NnCostTable costTable, Map<String, int[]> inputShapes, Map<String, Tensor> constantInputs) {

    public static final PrepareOptions DEFAULT =
            new PrepareOptions(NnLimits.DEFAULT, NnCostTable.V2, Map.of(), Map.of());

    public PrepareOptions {
        Objects.requireNonNull(limits);
        Objects.requireNonNull(costTable);
        Map<String, int[]> shapes = new LinkedHashMap<>();
        inputShapes.forEach((name, dims) -> shapes.put(name, dims.clone()));
        inputShapes = java.util.Collections.unmodifiableMap(shapes);
        constantInputs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(constantInputs));
    }

    public PrepareOptions withLimits(NnLimits newLimits) {
        return new PrepareOptions(newLimits, costTable, inputShapes, constantInputs);
    }

    public PrepareOptions withCostTable(NnCostTable table) {
        return new PrepareOptions(limits, table, inputShapes, constantInputs);
    }

    /** Fixes the shape of a graph input whose declared shape is not fully static. */
    public PrepareOptions withInputShape(String name, int... dims) {
        Map<String, int[]> shapes = new LinkedHashMap<>(inputShapes);
        shapes.put(name, dims.clone());
        return new PrepareOptions(limits, costTable, shapes, constantInputs);
    }

    /** Binds a graph input to a constant value: it is no longer passed to {@code run}. */
    public PrepareOptions withConstantInput(String name, Tensor value) {
        Map<String, Tensor> constants = new LinkedHashMap<>(constantInputs);
        constants.put(name, value);
        return new PrepareOptions(limits, costTable, inputShapes, constants);
    }
}
