package io.lockstep.nn.internal.kernel.quant;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * QuantizeLinear to int8 or uint8: {@code y = clamp(rint(x / scale) + zero_point)} (see {@link
 * Quantization}), per tensor, per axis (opset 13) or per block (opset 21). The output type is the zero
 * point's, else {@code output_dtype} (opset 21), else uint8. Float8, 4-bit and 16-bit outputs are not
 * supported; {@code saturate} only concerns float8 outputs and is accepted.
 */
public final class QuantizeLinearOperator implements Operator {
    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 3, 1, 1);
        DType xType = node.requireDType(0, DType.FLOAT, DType.INT32);
        node.requireDType(1, DType.FLOAT);
        int opset = node.opset();
        long axis = opset >= 13 ? node.intAttribute("axis", 1) : 1;
        if (opset >= 19) {
            node.intAttribute("saturate", 1);
        }
        long blockSize = opset >= 21 ? node.intAttribute("block_size", 0) : 0;
        boolean hasZeroPoint = node.hasInput(2);
        DType outType = hasZeroPoint ? node.requireDType(2, DType.UINT8, DType.INT8) : DType.UINT8;
        long outputDType = opset >= 21 ? node.intAttribute("output_dtype", 0) : 0;
        if (outputDType != 0) {
            if (outputDType != DType.UINT8.onnxCode() && outputDType != DType.INT8.onnxCode()) {
                throw node.fail(
                        NnErrorCode.UNSUPPORTED_DTYPE,
                        "output_dtype " + DType.onnxName((int) outputDType) + " is not supported (int8, uint8)");
            }
            DType requested = outputDType == DType.INT8.onnxCode() ? DType.INT8 : DType.UINT8;
            if (hasZeroPoint && requested != outType) {
                throw node.fail(
                        NnErrorCode.INVALID_MODEL,
                        "output_dtype " + requested + " differs from the zero point's type " + outType);
            }
            outType = requested;
        }
        long precision = opset >= 23 ? node.intAttribute("precision", 0) : 0;
        if (precision != 0 && precision != DType.FLOAT.onnxCode()) {
            throw node.fail(
                    NnErrorCode.UNSUPPORTED_ATTRIBUTE,
                    "division in " + DType.onnxName((int) precision) + " (precision) is not supported");
        }
        ParameterLayout layout = ParameterLayout.of(
                node, node.shape(0), node.shape(1), hasZeroPoint ? node.shape(2) : null, opset >= 13, axis, blockSize);
        // An int32 input is divided in double (ONNX promotes int32 / float), unless precision asks for float.
        boolean floatQuotient = precision == DType.FLOAT.onnxCode();
        boolean intInput = xType == DType.INT32;
        boolean unsigned = outType == DType.UINT8;
        int lo = Quantization.min(outType);
        int hi = Quantization.max(outType);
        int n = node.shape(0).size();
        return NodePlan.of(
                new TensorType(outType, node.shape(0)),
                Work.divisions(n).plus(Work.elements(n)),
                layout.units(),
                (io, from, to, scratch) -> {
                    float[] x = intInput ? null : io.floatIn(0);
                    int[] xi = intInput ? io.intIn(0) : null;
                    float[] scale = io.floatIn(1);
                    byte[] zeroPoint = hasZeroPoint ? io.byteIn(2) : null;
                    byte[] y = io.byteOut(0);
                    int step = layout.parameterStride();
                    for (int u = from; u < to; u++) {
                        int p = layout.parameter(u);
                        int end = layout.end(u);
                        for (int i = layout.start(u); i < end; i++, p += step) {
                            int zp = zeroPoint == null ? 0 : Quantization.load(zeroPoint, p, unsigned);
                            int q;
                            if (x != null) {
                                q = Quantization.quantize(x[i], scale[p], zp, lo, hi);
                            } else if (floatQuotient) {
                                q = Quantization.quantize((float) xi[i], scale[p], zp, lo, hi);
                            } else {
                                q = Quantization.quantize(xi[i], scale[p], zp, lo, hi);
                            }
                            y[i] = (byte) q;
                        }
                    }
                });
    }
}
