package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * QLinearMatMul: the exact int32 product of {@code (a - a_zero_point)} and {@code (b - b_zero_point)}
 * (see {@link QuantizedMatMul}), requantized element by element with the multiplier {@code (a_scale *
 * b_scale) / y_scale} in float and {@link Quantization#requantize} (double product, ties to even,
 * saturation to y's type). Scales and zero points are scalars, or one per row of a and y, or one per
 * column of b.
 */
public final class QLinearMatMulOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(8, 8, 1, 1);
        node.requireDType(1, DType.FLOAT);
        node.requireDType(4, DType.FLOAT);
        node.requireDType(6, DType.FLOAT);
        DType outType = node.requireDType(7, DType.INT8, DType.UINT8);
        QuantizedMatMul product = QuantizedMatMul.plan(node, 0, 2, 3, 5);
        int m = product.rows();
        int n = product.columns();
        boolean aScalePerRow = QuantParameters.perIndex(node, 1, m, "row of a");
        boolean bScalePerColumn = QuantParameters.perIndex(node, 4, n, "column of b");
        boolean yScalePerRow = QuantParameters.perIndex(node, 6, m, "row of y");
        boolean yZeroPerRow = QuantParameters.perIndex(node, 7, m, "row of y");
        boolean unsigned = outType == DType.UINT8;
        int lo = Quantization.min(outType);
        int hi = Quantization.max(outType);
        QuantizedMatMul.RowSink requantize = (io, firstRow, rows, from, to, acc) -> {
            float[] aScale = io.floatIn(1);
            float[] bScale = io.floatIn(4);
            float[] yScale = io.floatIn(6);
            byte[] yZero = io.byteIn(7);
            byte[] y = io.byteOut(0);
            for (int r = 0; r < rows; r++) {
                int i = (firstRow + r) % m;
                float as = aScale[aScalePerRow ? i : 0];
                float ys = yScale[yScalePerRow ? i : 0];
                int zero = Quantization.load(yZero, yZeroPerRow ? i : 0, unsigned);
                int o = (firstRow + r) * n;
                int a = r * (to - from) - from;
                for (int j = from; j < to; j++) {
                    float multiplier = Quantization.multiplier(as, bScale[bScalePerColumn ? j : 0], ys);
                    y[o + j] = (byte) Quantization.requantize(acc[a + j], multiplier, zero, lo, hi);
                }
            }
        };
        return NodePlan.of(
                new TensorType(outType, product.outputShape()),
                product.work().plus(Work.elements(product.outputs())),
                product.units(),
                (io, from, to, scratch) -> product.compute(io, from, to, scratch, requantize));
    }
}
