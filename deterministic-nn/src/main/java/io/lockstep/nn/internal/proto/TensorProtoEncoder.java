package io.lockstep.nn.internal.proto;

import io.lockstep.nn.Tensor;

/** Writes an ONNX {@code TensorProto}: dims, data type, name and {@code raw_data}. */
public final class TensorProtoEncoder {
    private TensorProtoEncoder() {}

    public static WireWriter encode(String name, Tensor tensor) {
        int[] shape = tensor.shape();
        long[] dims = new long[shape.length];
        for (int i = 0; i < shape.length; i++) {
            dims[i] = shape[i];
        }
        WireWriter out = new WireWriter();
        if (dims.length > 0) {
            out.packedVarints(1, dims);
        }
        out.varintField(2, tensor.dtype().onnxCode());
        if (!name.isEmpty()) {
            out.stringField(8, name);
        }
        out.bytesField(9, tensor.toLittleEndianBytes());
        return out;
    }
}
