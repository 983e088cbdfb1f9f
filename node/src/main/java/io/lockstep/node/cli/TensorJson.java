package io.lockstep.node.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import io.lockstep.vm.TensorDigest;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One tensor as {@code nn run} prints it: name, dtype, shape, the SHA-256 of its raw little-endian
 * bytes (the ONNX {@code raw_data} encoding, so that any tool can check it) and its first values. Floats
 * are printed in the shortest decimal that reads back to the same bits; NaN and infinities as the
 * strings {@code "NaN"}, {@code "Infinity"}, {@code "-Infinity"}.
 */
final class TensorJson {

    private TensorJson() {}

    static void write(JsonGenerator json, String name, Tensor tensor, int shownValues) throws IOException {
        // The same digest an inference record keeps on chain, so that a run here can be compared with one.
        TensorDigest digest = TensorDigest.of(name, tensor);
        json.writeStartObject();
        json.writeStringField("name", name);
        json.writeStringField("dtype", digest.dtype());
        json.writeArrayFieldStart("shape");
        for (int dim : digest.shape()) {
            json.writeNumber(dim);
        }
        json.writeEndArray();
        json.writeStringField("sha256", HexFormat.of().formatHex(digest.sha256()));
        json.writeArrayFieldStart("values");
        int shown = Math.min(shownValues, tensor.size());
        for (int i = 0; i < shown; i++) {
            if (tensor.dtype() == DType.FLOAT) {
                json.writeNumber(tensor.floatAt(i));
            } else if (tensor.dtype() == DType.BOOL) {
                json.writeBoolean(tensor.booleanAt(i));
            } else {
                json.writeNumber(tensor.longAt(i));
            }
        }
        json.writeEndArray();
        json.writeEndObject();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
