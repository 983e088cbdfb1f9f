package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * ConvInteger: the convolution of {@code x - x_zero_point} with {@code w - w_zero_point} in exact
 * int32 (see {@link QuantizedConv}); padding holds the zero point, so it adds nothing.
 */
public final class ConvIntegerOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 4, 1, 1);
        QuantizedConv conv = QuantizedConv.plan(node, 0, 2, 1, 3);
        ConvGeometry geometry = conv.geometry();
        int per = geometry.outPerGroup;
        int positions = conv.positions();
        QuantizedConv.TileSink store = (io, n, g, first, count, acc) -> {
            int[] y = io.intOut(0);
            for (int j = 0; j < per; j++) {
                int o = (n * geometry.outChannels + g * per + j) * positions + first;
                System.arraycopy(acc, j * count, y, o, count);
            }
        };
        return NodePlan.of(
                new TensorType(DType.INT32, conv.outputShape()),
                conv.work().plus(Work.moved(conv.outputs())),
                conv.units(),
                (io, from, to, scratch) -> conv.compute(io, from, to, scratch, store));
    }
}
