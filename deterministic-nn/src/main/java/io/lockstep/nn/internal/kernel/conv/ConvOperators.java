package io.lockstep.nn.internal.kernel.conv;

import io.lockstep.nn.internal.operator.OperatorRegistry;

/** Registers the convolutions and the pools. */
public final class ConvOperators {
    private ConvOperators() {}

    public static void register(OperatorRegistry r) {
        int max = OperatorRegistry.MAX_OPSET;
        r.register("Conv", 1, max, new ConvOperator());
        r.register("ConvTranspose", 1, max, new ConvTransposeOperator());
        r.register("MaxPool", 1, max, new PoolOperator(true));
        r.register("AveragePool", 1, max, new PoolOperator(false));
        r.register("GlobalAveragePool", 1, max, new GlobalPoolOperator(false));
        r.register("GlobalMaxPool", 1, max, new GlobalPoolOperator(true));
    }
}
