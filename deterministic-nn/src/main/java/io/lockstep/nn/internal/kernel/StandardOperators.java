package io.lockstep.nn.internal.kernel;

import io.lockstep.nn.internal.kernel.conv.ConvOperators;
import io.lockstep.nn.internal.kernel.elementwise.ElementwiseOperators;
import io.lockstep.nn.internal.kernel.linalg.LinalgOperators;
import io.lockstep.nn.internal.kernel.norm.NormOperators;
import io.lockstep.nn.internal.kernel.quant.QuantOperators;
import io.lockstep.nn.internal.kernel.reduce.ReduceOperators;
import io.lockstep.nn.internal.kernel.shape.ShapeOperators;
import io.lockstep.nn.internal.operator.OperatorRegistry;

/** The operators of the kernel set ({@code PreparedModel.KERNEL_SET}), one registration call per area. */
public final class StandardOperators {
    private static final OperatorRegistry REGISTRY = build();

    private StandardOperators() {}

    public static OperatorRegistry registry() {
        return REGISTRY;
    }

    private static OperatorRegistry build() {
        OperatorRegistry r = new OperatorRegistry();
        ElementwiseOperators.register(r);
        ShapeOperators.register(r);
        ReduceOperators.register(r);
        LinalgOperators.register(r);
        ConvOperators.register(r);
        NormOperators.register(r);
        QuantOperators.register(r);
        return r;
    }
}
