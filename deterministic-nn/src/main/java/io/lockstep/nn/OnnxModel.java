package io.lockstep.nn;

import io.lockstep.nn.internal.proto.ModelDecoder;
import java.util.List;
import java.util.Objects;

/**
 * A decoded ONNX model: the operator sets it imports and its graph. Decoding checks the protobuf
 * structure and the limits only; whether the engine can run the model is decided by
 * {@link PreparedModel#prepare}.
 */
public record OnnxModel(
        long irVersion, String producerName, String producerVersion, List<OpsetImport> opsetImports, OnnxGraph graph) {
    public OnnxModel {
        opsetImports = List.copyOf(opsetImports);
        Objects.requireNonNull(graph);
    }

    public static OnnxModel parse(byte[] bytes) {
        return parse(bytes, NnLimits.DEFAULT);
    }

    /** Decodes a serialized {@code ModelProto}, or throws {@link NnException} saying what is wrong. */
    public static OnnxModel parse(byte[] bytes, NnLimits limits) {
        ModelDecoder.DecodedModel m = new ModelDecoder(limits).decodeModel(bytes);
        return new OnnxModel(m.irVersion(), m.producerName(), m.producerVersion(), m.opsetImports(), m.graph());
    }

    /** The imported version of an operator set domain, or -1 when the model does not import it. */
    public long opsetVersion(String domain) {
        boolean wantDefault = OpsetImport.isDefaultDomain(domain);
        for (OpsetImport opset : opsetImports) {
            if (wantDefault ? opset.isDefaultDomain() : opset.domain().equals(domain)) {
                return opset.version();
            }
        }
        return -1;
    }
}
