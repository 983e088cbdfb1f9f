package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * MatMulInteger: {@code Y = (A - a_zero_point) x (B - b_zero_point)} in exact int32 (see {@link
 * QuantizedMatMul}); A and B int8 or uint8 in any combination.
 */
public final class MatMulIntegerOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 4, 1, 1);
        QuantizedMatMul product = QuantizedMatMul.plan(node, 0, 2, 1, 3);
        int n = product.columns();
        QuantizedMatMul.RowSink copy = (io, firstRow, rows, from, to, acc) -> {
            int[] y = io.intOut(0);
            for (int r = 0; r < rows; r++) {
                System.arraycopy(acc, r * (to - from), y, (firstRow + r) * n + from, to - from);
            }
        };
        return NodePlan.of(
                new TensorType(DType.INT32, product.outputShape()),
                product.work().plus(Work.moved(product.outputs())),
                product.units(),
                (io, from, to, scratch) -> product.compute(io, from, to, scratch, copy));
    }
}
