package io.lockstep.nn.internal.kernel.norm;

import io.lockstep.nn.internal.operator.OperatorRegistry;

/** Registers the normalizations. */
public final class NormOperators {
    private NormOperators() {}

    public static void register(OperatorRegistry r) {
        int max = OperatorRegistry.MAX_OPSET;
        r.register("BatchNormalization", 6, max, new BatchNormalizationOperator());
        r.register("LayerNormalization", 17, max, new LayerNormalizationOperator());
    }
}
