package io.lockstep.nn;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outputs of a run, in the graph's output order, and the fuel it used (always the prepared
 * model's {@link PreparedModel#cost()}: fuel depends on shapes only).
 */
public record RunResult(Map<String, Tensor> outputs, long fuelUsed) {
    public RunResult {
        outputs = Collections.unmodifiableMap(new LinkedHashMap<>(outputs));
    }

    public Tensor output(String name) {
        Tensor t = outputs.get(name);
        if (t == null) {
            throw new IllegalArgumentException("no output named '" + name + "'");
        }
        return t;
    }
}
