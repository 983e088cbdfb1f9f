package io.lockstep.nn;

import io.lockstep.nn.internal.proto.TensorProtoDecoder;
import io.lockstep.nn.internal.proto.TensorProtoEncoder;
import io.lockstep.nn.internal.proto.WireReader;

/**
 * Reads and writes single ONNX {@code TensorProto} messages, the format of the ONNX test data files
 * ({@code input_0.pb}) and of the CLI's tensor files.
 */
public final class TensorProtoCodec {
    private TensorProtoCodec() {}

    public static NamedTensor decode(byte[] bytes) {
        return decode(bytes, NnLimits.DEFAULT);
    }

    public static NamedTensor decode(byte[] bytes, NnLimits limits) {
        if (bytes.length > limits.maxModelBytes()) {
            throw new NnException(
                    NnErrorCode.LIMIT_EXCEEDED,
                    "tensor file of " + bytes.length + " bytes exceeds " + limits.maxModelBytes());
        }
        return new TensorProtoDecoder(limits).decode(new WireReader(bytes, "TensorProto"));
    }

    /** The tensor as a {@code TensorProto} with {@code raw_data}; an empty name is left out. */
    public static byte[] encode(String name, Tensor tensor) {
        return TensorProtoEncoder.encode(name, tensor).toByteArray();
    }
}
