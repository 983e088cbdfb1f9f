package io.lockstep.nn.internal.kernel.elementwise;

import io.lockstep.nn.DType;
import io.lockstep.nn.internal.operator.Broadcast;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/** Where: {@code cond ? x : y} elementwise over the broadcast of all three. Copies bits. */
public final class WhereOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(3, 3, 1, 1);
        node.requireDType(0, DType.BOOL);
        node.requireSameDType(1, 2);
        Shape out = Broadcast.shape(node, node.shape(0), node.shape(1), node.shape(2));
        Broadcast bc = Broadcast.plan(out, node.shape(0), node.shape(1), node.shape(2));
        int cs = bc.innerStride(0);
        int xs = bc.innerStride(1);
        int ys = bc.innerStride(2);
        return NodePlan.of(
                new TensorType(node.dtype(1), out), Work.elements(out.size()), bc.units(), (io, from, to, scratch) -> {
                    byte[] c = io.byteIn(0);
                    Object x = io.in(1);
                    Object y = io.in(2);
                    Object dst = io.out(0);
                    for (int u = from; u < to; u++) {
                        int co = bc.inOffset(0, u);
                        int xo = bc.inOffset(1, u);
                        int yo = bc.inOffset(2, u);
                        int oo = bc.outOffset(u);
                        int n = bc.length(u);
                        if (dst instanceof float[] target) {
                            float[] xf = (float[]) x;
                            float[] yf = (float[]) y;
                            for (int i = 0; i < n; i++) {
                                target[oo + i] = c[co + i * cs] != 0 ? xf[xo + i * xs] : yf[yo + i * ys];
                            }
                            continue;
                        }
                        for (int i = 0; i < n; i++) {
                            if (c[co + i * cs] != 0) {
                                System.arraycopy(x, xo + i * xs, dst, oo + i, 1);
                            } else {
                                System.arraycopy(y, yo + i * ys, dst, oo + i, 1);
                            }
                        }
                    }
                });
    }
}
