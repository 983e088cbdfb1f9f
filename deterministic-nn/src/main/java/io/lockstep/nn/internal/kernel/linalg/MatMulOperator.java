package io.lockstep.nn.internal.kernel.linalg;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.kernel.Elements;
import io.lockstep.nn.internal.operator.Broadcast;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;
import java.util.Arrays;

/**
 * MatMul with numpy semantics: 1-D operands are promoted (and the added dimension removed again),
 * batch dimensions broadcast. Float products run through {@link PanelledProduct} (units of four rows of
 * one column panel; {@link FloatGemm} fixes the order of the sums), with a constant B packed once.
 * Integer products (one unit per row) accumulate in 64 bits and wrap to the output type.
 */
public final class MatMulOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 2, 1, 1);
        DType type = node.requireDType(0, DType.FLOAT, DType.INT32, DType.INT64);
        node.requireSameDType(0, 1);
        Shape a = node.shape(0);
        Shape b = node.shape(1);
        if (a.rank() == 0 || b.rank() == 0) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "MatMul operands must have rank 1 or more");
        }
        int[] ad = a.rank() == 1 ? new int[] {1, a.dim(0)} : a.dims();
        int[] bd = b.rank() == 1 ? new int[] {b.dim(0), 1} : b.dims();
        int m = ad[ad.length - 2];
        int k = ad[ad.length - 1];
        int n = bd[bd.length - 1];
        if (bd[bd.length - 2] != k) {
            throw node.fail(NnErrorCode.SHAPE_MISMATCH, "inner dimensions differ: " + a + " x " + b);
        }
        Shape aBatch = Shape.of(Arrays.copyOf(ad, ad.length - 2));
        Shape bBatch = Shape.of(Arrays.copyOf(bd, bd.length - 2));
        Shape batch = Broadcast.shape(node, aBatch, bBatch);
        int[] outDims = Arrays.copyOf(batch.dims(), batch.rank() + 2);
        outDims[batch.rank()] = m;
        outDims[batch.rank() + 1] = n;
        // Remove the promoted dimensions again.
        int[] finalDims = outDims;
        if (a.rank() == 1) {
            finalDims = remove(finalDims, finalDims.length - 2);
        }
        if (b.rank() == 1) {
            finalDims = remove(finalDims, finalDims.length - 1);
        }
        Shape out = Shape.of(finalDims);
        int[] aMap = Broadcast.indexMap(batch, aBatch);
        int[] bMap = Broadcast.indexMap(batch, bBatch);
        int batches = batch.size();
        int rowsTotal = Math.multiplyExact(batches, m);
        long macs = (long) rowsTotal * k * n;
        Work work = Work.macs(macs).plus(Work.elements((long) rowsTotal * n));
        TensorType outType = new TensorType(type, out);
        if (type != DType.FLOAT) {
            return NodePlan.of(outType, work, rowsTotal, integerKernel(type, aMap, bMap, m, k, n));
        }
        PanelledProduct product = floatProduct(node.constant(1), aMap, bMap, m, k, n);
        return NodePlan.of(outType, work, product.units(), product.kernel());
    }

    /** The float product; a constant B is packed into column panels now, once. */
    private static PanelledProduct floatProduct(Tensor constantB, int[] aMap, int[] bMap, int m, int k, int n) {
        int[] aOffsets = new int[aMap.length];
        int[] bOffsets = new int[bMap.length];
        for (int i = 0; i < aMap.length; i++) {
            aOffsets[i] = aMap[i] * m * k;
            bOffsets[i] = bMap[i] * k * n;
        }
        FloatGemm.Panel[][] packed = null;
        if (constantB != null) {
            float[] b = (float[]) TensorBridge.data(constantB);
            FloatGemm.Panel[][] byMatrix =
                    new FloatGemm.Panel[Arrays.stream(bMap).max().orElse(0) + 1][];
            packed = new FloatGemm.Panel[bMap.length][];
            for (int i = 0; i < bMap.length; i++) {
                if (byMatrix[bMap[i]] == null) {
                    byMatrix[bMap[i]] = FloatGemm.packPanels(b, bOffsets[i], k, n, false);
                }
                packed[i] = byMatrix[bMap[i]];
            }
        }
        return new PanelledProduct(
                m, k, n, aOffsets, bOffsets, false, false, packed, (io, c, batch, row0, rows, col0, cols) -> {
                    for (int r = 0; r < rows; r++) {
                        int o = (batch * m + row0 + r) * n + col0;
                        CanonicalNaN.canonicalize(c, o, o + cols);
                    }
                });
    }

    private static int[] remove(int[] dims, int axis) {
        int[] out = new int[dims.length - 1];
        System.arraycopy(dims, 0, out, 0, axis);
        System.arraycopy(dims, axis + 1, out, axis, dims.length - axis - 1);
        return out;
    }

    private static Kernel integerKernel(DType type, int[] aMap, int[] bMap, int m, int k, int n) {
        return (io, from, to, scratch) -> {
            Object a = io.in(0);
            Object b = io.in(1);
            Object out = io.out(0);
            for (int row = from; row < to; row++) {
                int bi = row / m;
                int i = row % m;
                int aOff = aMap[bi] * m * k + i * k;
                int bOff = bMap[bi] * k * n;
                for (int j = 0; j < n; j++) {
                    long acc = 0;
                    for (int p = 0; p < k; p++) {
                        acc += Elements.getLong(type, a, aOff + p) * Elements.getLong(type, b, bOff + p * n + j);
                    }
                    Elements.setLong(type, out, row * n + j, acc);
                }
            }
        };
    }
}
