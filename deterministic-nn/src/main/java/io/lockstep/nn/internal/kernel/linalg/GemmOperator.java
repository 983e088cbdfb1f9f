package io.lockstep.nn.internal.kernel.linalg;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.operator.Broadcast;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * Gemm: {@code Y = alpha * (A' B') + beta * C} in float, A' and B' optionally transposed, C broadcast to
 * (M, N). Each element is {@code acc} (the sum of {@link FloatGemm}, over k in ascending order),
 * then {@code y = alpha * acc} and, with C, {@code y = y + beta * c}, each step rounded to float. A
 * constant B (transposed or not) is packed into column panels once when the model is prepared; a
 * transposed B computed at run time is gathered panel by panel. Units as in {@link PanelledProduct}.
 */
public final class GemmOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 3, 1, 1);
        node.requireDType(0, DType.FLOAT);
        node.requireSameDType(0, 1);
        Shape a = node.shape(0);
        Shape b = node.shape(1);
        if (a.rank() != 2 || b.rank() != 2) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "A and B must be matrices, are " + a + " and " + b);
        }
        boolean transA = node.intAttribute("transA", 0) != 0;
        boolean transB = node.intAttribute("transB", 0) != 0;
        float alpha = node.floatAttribute("alpha", 1f);
        float beta = node.floatAttribute("beta", 1f);
        int m = transA ? a.dim(1) : a.dim(0);
        int k = transA ? a.dim(0) : a.dim(1);
        int kb = transB ? b.dim(1) : b.dim(0);
        int n = transB ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "inner dimensions differ: " + a + " x " + b);
        }
        Shape out = Shape.of(m, n);
        boolean hasC = node.hasInput(2);
        int[] cMap = null;
        if (hasC) {
            node.requireSameDType(0, 2);
            Shape c = node.shape(2);
            if (!Broadcast.shape(node, c, out).equals(out)) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "C " + c + " does not broadcast to " + out);
            }
            cMap = Broadcast.indexMap(out, c);
        }
        Tensor constantB = node.constant(1);
        FloatGemm.Panel[][] packed = constantB == null
                ? null
                : new FloatGemm.Panel[][] {FloatGemm.packPanels((float[]) TensorBridge.data(constantB), 0, k, n, transB)
                };
        int[] c = cMap;
        PanelledProduct product = new PanelledProduct(
                m,
                k,
                n,
                new int[] {0},
                new int[] {0},
                transA,
                transB,
                packed,
                (io, y, batch, row0, rows, col0, cols) -> {
                    float[] cv = hasC ? io.floatIn(2) : null;
                    for (int i = row0; i < row0 + rows; i++) {
                        for (int j = i * n + col0; j < i * n + col0 + cols; j++) {
                            float v = alpha * y[j];
                            if (cv != null) {
                                v = v + beta * cv[c[j]];
                            }
                            y[j] = CanonicalNaN.of(v);
                        }
                    }
                });
        long macs = (long) m * n * k;
        return NodePlan.of(
                new TensorType(DType.FLOAT, out),
                Work.macs(macs).plus(Work.elements(2L * m * n)),
                product.units(),
                product.kernel());
    }
}
