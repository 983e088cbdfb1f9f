package io.lockstep.nn.internal.kernel.shape;

import io.lockstep.nn.internal.operator.OperatorRegistry;

/** Registers the operators that move data without arithmetic. */
public final class ShapeOperators {
    private ShapeOperators() {}

    public static void register(OperatorRegistry r) {
        int max = OperatorRegistry.MAX_OPSET;
        r.register("Reshape", 5, max, new ReshapeOperator(ReshapeOperator.Kind.RESHAPE));
        r.register("Flatten", 1, max, new ReshapeOperator(ReshapeOperator.Kind.FLATTEN));
        r.register("Squeeze", 1, max, new ReshapeOperator(ReshapeOperator.Kind.SQUEEZE));
        r.register("Unsqueeze", 1, max, new ReshapeOperator(ReshapeOperator.Kind.UNSQUEEZE));
        r.register("Identity", 1, max, new ReshapeOperator(ReshapeOperator.Kind.IDENTITY));
        r.register("Dropout", 7, max, new ReshapeOperator(ReshapeOperator.Kind.DROPOUT));
        r.register("Transpose", 1, max, new TransposeOperator());
        r.register("Slice", 1, max, new SliceOperator());
        r.register("Concat", 4, max, new ConcatOperator());
        r.register("Split", 2, max, new SplitOperator());
        r.register("Gather", 1, max, new GatherOperator());
        r.register("Constant", 1, max, ConstantOperators.CONSTANT);
        r.register("Shape", 1, max, ConstantOperators.SHAPE);
        r.register("ConstantOfShape", 9, max, ConstantOperators.CONSTANT_OF_SHAPE);
    }
}
