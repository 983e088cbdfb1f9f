package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * DequantizeLinear from int8, uint8 or int32 to float: {@code y = float(x - zero_point) * scale}, the
 * difference exact, converted to float once and multiplied once (for 8-bit inputs this is exactly the
 * ONNX reference's {@code (float(x) - float(zero_point)) * scale}). Per tensor, per axis (opset 13) or
 * per block (opset 21). A NaN (a NaN or infinite scale) is canonical.
 */
public final class DequantizeLinearOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 3, 1, 1);
        DType xType = node.requireDType(0, DType.INT8, DType.UINT8, DType.INT32);
        node.requireDType(1, DType.FLOAT);
        boolean hasZeroPoint = node.hasInput(2);
        if (hasZeroPoint) {
            node.requireSameDType(0, 2);
        }
        int opset = node.opset();
        long axis = opset >= 13 ? node.intAttribute("axis", 1) : 1;
        long blockSize = opset >= 21 ? node.intAttribute("block_size", 0) : 0;
        long outputDType = opset >= 23 ? node.intAttribute("output_dtype", 0) : 0;
        if (outputDType != 0 && outputDType != DType.FLOAT.onnxCode()) {
            throw node.fail(
                    NnErrorCode.UNSUPPORTED_DTYPE,
                    "output_dtype " + DType.onnxName((int) outputDType) + " is not supported (float)");
        }
        ParameterLayout layout = ParameterLayout.of(
                node, node.shape(0), node.shape(1), hasZeroPoint ? node.shape(2) : null, opset >= 13, axis, blockSize);
        boolean bytes = xType != DType.INT32;
        boolean unsigned = xType == DType.UINT8;
        int n = node.shape(0).size();
        return NodePlan.of(
                new TensorType(DType.FLOAT, node.shape(0)),
                Work.elements(n),
                layout.units(),
                (io, from, to, scratch) -> {
                    byte[] xb = bytes ? io.byteIn(0) : null;
                    int[] xi = bytes ? null : io.intIn(0);
                    byte[] zb = hasZeroPoint && bytes ? io.byteIn(2) : null;
                    int[] zi = hasZeroPoint && !bytes ? io.intIn(2) : null;
                    float[] scale = io.floatIn(1);
                    float[] y = io.floatOut(0);
                    int step = layout.parameterStride();
                    for (int u = from; u < to; u++) {
                        int p = layout.parameter(u);
                        int end = layout.end(u);
                        for (int i = layout.start(u); i < end; i++, p += step) {
                            int x = bytes ? Quantization.load(xb, i, unsigned) : xi[i];
                            int zp = zb != null ? Quantization.load(zb, p, unsigned) : zi != null ? zi[p] : 0;
                            y[i] = CanonicalNaN.of(Quantization.dequantize(x, zp, scale[p]));
                        }
                    }
                });
    }
}
