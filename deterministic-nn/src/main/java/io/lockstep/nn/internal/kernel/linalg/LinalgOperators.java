package io.lockstep.nn.internal.kernel.linalg;

import io.lockstep.nn.internal.operator.OperatorRegistry;

/** Registers the matrix operators. */
public final class LinalgOperators {
    private LinalgOperators() {}

    public static void register(OperatorRegistry r) {
        int max = OperatorRegistry.MAX_OPSET;
        r.register("MatMul", 9, max, new MatMulOperator());
        r.register("Gemm", 7, max, new GemmOperator());
    }
}
