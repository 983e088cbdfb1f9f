package io.lockstep.nn.reference;

import io.lockstep.nn.Tensor;
import java.util.Map;

/**
 * A model drawn by a generator: its ONNX bytes, the inputs to run it on, a one-line description of
 * what was drawn, the tolerance of each graph output, and the number of float operators on its longest
 * chain whose rounding the engines may do differently.
 */
record GeneratedModel(
        String description,
        byte[] bytes,
        Map<String, Tensor> inputs,
        Map<String, Tolerance> tolerances,
        int roundingSteps) {}
