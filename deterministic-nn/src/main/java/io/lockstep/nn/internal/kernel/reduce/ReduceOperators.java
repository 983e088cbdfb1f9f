package io.lockstep.nn.internal.kernel.reduce;

import io.lockstep.nn.internal.operator.OperatorRegistry;

/** Registers the reductions. */
public final class ReduceOperators {
    private ReduceOperators() {}

    public static void register(OperatorRegistry r) {
        int max = OperatorRegistry.MAX_OPSET;
        r.register("ReduceSum", 1, max, new ReduceOperator(ReduceOperator.Kind.SUM, 13));
        r.register("ReduceMean", 1, max, new ReduceOperator(ReduceOperator.Kind.MEAN, 18));
        r.register("ReduceMax", 1, max, new ReduceOperator(ReduceOperator.Kind.MAX, 18));
        r.register("ArgMax", 1, max, new ArgMaxOperator());
        r.register("Softmax", 1, max, new SoftmaxOperator(false));
        r.register("LogSoftmax", 1, max, new SoftmaxOperator(true));
    }
}
