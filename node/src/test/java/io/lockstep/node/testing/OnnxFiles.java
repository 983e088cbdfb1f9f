package io.lockstep.node.testing;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorProtoCodec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes one-node ONNX models and TensorProto files for the {@code nn run} tests. */
public final class OnnxFiles {

    private OnnxFiles() {}

    /**
     * {@code y = opType(x)} with x and y of the given type; a dimension of -1 is written as the symbolic
     * dimension {@code N}.
     */
    public static Path unaryModel(Path dir, String opType, DType dtype, long... dims) throws IOException {
        return Files.write(dir.resolve(opType + ".onnx"), unaryModelBytes(opType, dtype, dims));
    }

    /** The bytes of {@link #unaryModel}'s model. */
    public static byte[] unaryModelBytes(String opType, DType dtype, long... dims) {
        byte[] node = new Message()
                .string(1, "x")
                .string(2, "y")
                .string(3, "the_" + opType.toLowerCase(java.util.Locale.ROOT))
                .string(4, opType)
                .toBytes();
        byte[] graph = new Message()
                .bytes(1, node)
                .string(2, "unary")
                .bytes(11, valueInfo("x", dtype, dims))
                .bytes(12, valueInfo("y", dtype, dims))
                .toBytes();
        return new Message()
                .varint(1, 8)
                .string(2, "lockstep-node-tests")
                .bytes(7, graph)
                .bytes(8, new Message().string(1, "").varint(2, 17).toBytes())
                .toBytes();
    }

    public static Path tensor(Path dir, String file, Tensor value) throws IOException {
        return Files.write(dir.resolve(file), TensorProtoCodec.encode("", value));
    }

    private static byte[] valueInfo(String name, DType dtype, long... dims) {
        Message shape = new Message();
        for (long d : dims) {
            shape.bytes(
                    1,
                    d >= 0
                            ? new Message().varint(1, d).toBytes()
                            : new Message().string(2, "N").toBytes());
        }
        byte[] tensorType = new Message()
                .varint(1, dtype.onnxCode())
                .bytes(2, shape.toBytes())
                .toBytes();
        return new Message()
                .string(1, name)
                .bytes(2, new Message().bytes(1, tensorType).toBytes())
                .toBytes();
    }

    /** The protobuf wire format, as much of it as these models need. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            writeVarint((long) field << 3);
            writeVarint(value);
            return this;
        }

        Message string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Message bytes(int field, byte[] value) {
            writeVarint(((long) field << 3) | 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void writeVarint(long value) {
            long v = value;
            while ((v & ~0x7FL) != 0) {
                out.write((int) ((v & 0x7F) | 0x80));
                v >>>= 7;
            }
            out.write((int) v);
        }
    }
}
