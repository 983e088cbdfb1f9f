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
 * (M, N). Each element is {@code acc} (the sum of {@link MatMulKernels}, over k in ascending order),
 * then {@code y = alpha * acc} and, with C, {@code y = y + beta * c}, each step rounded to float. A
 * constant transposed B is transposed once when the model is prepared; a transposed B computed at run
 * time is read as dot products in the same k order. One unit per output row.
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
        // C broadcasts to (m, n): element (i, j) is c[i * rowStride + j * columnStride].
        int rowStride = 0;
        int columnStride = 0;
        if (hasC) {
            node.requireSameDType(0, 2);
            Shape c = node.shape(2);
            if (!Broadcast.shape(node, c, out).equals(out)) {
                throw node.fail(NnErrorCode.SHAPE_MISMATCH, "C " + c + " does not broadcast to " + out);
            }
            int cRows = c.rank() == 2 ? c.dim(0) : 1;
            int cColumns = c.rank() >= 1 ? c.dim(c.rank() - 1) : 1;
            columnStride = cColumns == 1 ? 0 : 1;
            rowStride = cRows == 1 ? 0 : cColumns;
        }
        float[] packedB = null;
        Tensor constantB = node.constant(1);
        if (transB && constantB != null) {
            packedB = transpose((float[]) TensorBridge.data(constantB), n, k);
        }
        int cRowStride = rowStride;
        int cColumnStride = columnStride;
        float[] packed = packedB;
        long macs = (long) m * n * k;
        return NodePlan.of(
                new TensorType(DType.FLOAT, out),
                Work.macs(macs).plus(Work.elements(2L * m * n)),
                m,
                (io, from, to, scratch) -> {
                    float[] av = io.floatIn(0);
                    float[] bv = packed != null ? packed : io.floatIn(1);
                    float[] y = io.floatOut(0);
                    float[] rowA = scratch.floats(0, k);
                    for (int i = from; i < to; i++) {
                        float[] aRow;
                        int aOff;
                        if (transA) {
                            for (int p = 0; p < k; p++) {
                                rowA[p] = av[p * m + i];
                            }
                            aRow = rowA;
                            aOff = 0;
                        } else {
                            aRow = av;
                            aOff = i * k;
                        }
                        if (transB && packed == null) {
                            dotRow(aRow, aOff, bv, y, i * n, k, n);
                        } else {
                            MatMulKernels.rows(aRow, aOff, bv, 0, y, i * n, 1, k, n);
                        }
                        float[] cv = hasC ? io.floatIn(2) : null;
                        for (int j = 0; j < n; j++) {
                            float v = alpha * y[i * n + j];
                            if (cv != null) {
                                v = v + beta * cv[i * cRowStride + j * cColumnStride];
                            }
                            y[i * n + j] = CanonicalNaN.of(v);
                        }
                    }
                });
    }

    /** Row i of A times B transposed (B stored n x k): each element a dot product in ascending k. */
    private static void dotRow(float[] a, int aOff, float[] b, float[] y, int o, int k, int n) {
        for (int j = 0; j < n; j++) {
            float acc = 0f;
            int bo = j * k;
            for (int p = 0; p < k; p++) {
                acc += a[aOff + p] * b[bo + p];
            }
            y[o + j] = acc;
        }
    }

    private static float[] transpose(float[] b, int rows, int cols) {
        float[] t = new float[b.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = b[r * cols + c];
            }
        }
        return t;
    }
}
