package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.internal.operator.OperatorRegistry;

/** Registers the quantized operators: exact integer arithmetic, round-half-to-even requantization. */
public final class QuantOperators {
    private QuantOperators() {}

    public static void register(OperatorRegistry r) {
        int max = OperatorRegistry.MAX_OPSET;
        r.register("QuantizeLinear", 10, max, new QuantizeLinearOperator());
        r.register("DequantizeLinear", 10, max, new DequantizeLinearOperator());
        r.register("DynamicQuantizeLinear", 11, max, new DynamicQuantizeLinearOperator());
        r.register("MatMulInteger", 10, max, new MatMulIntegerOperator());
        r.register("QLinearMatMul", 10, max, new QLinearMatMulOperator());
        r.register("ConvInteger", 10, max, new ConvIntegerOperator());
        r.register("QLinearConv", 10, max, new QLinearConvOperator());
    }
}
