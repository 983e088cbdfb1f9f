package io.lockstep.nn.internal.kernel.elementwise;

import io.lockstep.nn.internal.operator.OperatorRegistry;

/** Registers the elementwise operators. */
public final class ElementwiseOperators {
    private ElementwiseOperators() {}

    public static void register(OperatorRegistry r) {
        int max = OperatorRegistry.MAX_OPSET;
        r.register("Add", 7, max, new BinaryOperator(BinaryOperator.Kind.ADD));
        r.register("Sub", 7, max, new BinaryOperator(BinaryOperator.Kind.SUB));
        r.register("Mul", 7, max, new BinaryOperator(BinaryOperator.Kind.MUL));
        r.register("Div", 7, max, new BinaryOperator(BinaryOperator.Kind.DIV));
        r.register("Pow", 7, max, new BinaryOperator(BinaryOperator.Kind.POW));
        r.register("Equal", 7, max, new BinaryOperator(BinaryOperator.Kind.EQUAL));
        r.register("Less", 7, max, new BinaryOperator(BinaryOperator.Kind.LESS));
        r.register("Greater", 7, max, new BinaryOperator(BinaryOperator.Kind.GREATER));
        r.register("LessOrEqual", 12, max, new BinaryOperator(BinaryOperator.Kind.LESS_OR_EQUAL));
        r.register("GreaterOrEqual", 12, max, new BinaryOperator(BinaryOperator.Kind.GREATER_OR_EQUAL));

        r.register("Neg", 6, max, new UnaryOperator(UnaryOperator.Kind.NEG));
        r.register("Abs", 6, max, new UnaryOperator(UnaryOperator.Kind.ABS));
        r.register("Relu", 6, max, new UnaryOperator(UnaryOperator.Kind.RELU));
        r.register("LeakyRelu", 6, max, new UnaryOperator(UnaryOperator.Kind.LEAKY_RELU));
        r.register("Sqrt", 6, max, new UnaryOperator(UnaryOperator.Kind.SQRT));
        r.register("Exp", 6, max, new UnaryOperator(UnaryOperator.Kind.EXP));
        r.register("Log", 6, max, new UnaryOperator(UnaryOperator.Kind.LOG));
        r.register("Tanh", 6, max, new UnaryOperator(UnaryOperator.Kind.TANH));
        r.register("Sigmoid", 6, max, new UnaryOperator(UnaryOperator.Kind.SIGMOID));
        r.register("Erf", 9, max, new UnaryOperator(UnaryOperator.Kind.ERF));
        r.register("Gelu", 20, max, new UnaryOperator(UnaryOperator.Kind.GELU));
        r.register("Clip", 6, max, new ClipOperator());
        r.register("Where", 9, max, new WhereOperator());
        r.register("Cast", 6, max, new CastOperator());
    }
}
