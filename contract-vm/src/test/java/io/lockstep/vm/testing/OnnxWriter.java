package io.lockstep.vm.testing;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorProtoCodec;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes small ONNX models for the WASI-NN tests: a protobuf writer of our own with the onnx.proto
 * field numbers, and tensors encoded by deterministic-nn's public {@link TensorProtoCodec}.
 */
public final class OnnxWriter {

    private final List<byte[]> nodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> inputs = new ArrayList<>();
    private final List<byte[]> outputs = new ArrayList<>();
    private long opset = 17;

    public OnnxWriter opset(long version) {
        this.opset = version;
        return this;
    }

    public OnnxWriter input(String name, DType dtype, long... dims) {
        inputs.add(valueInfo(name, dtype, dims));
        return this;
    }

    public OnnxWriter output(String name, DType dtype, long... dims) {
        outputs.add(valueInfo(name, dtype, dims));
        return this;
    }

    public OnnxWriter initializer(String name, Tensor value) {
        initializers.add(TensorProtoCodec.encode(name, value));
        return this;
    }

    /** A node {@code outputs = opType(inputs)} with integer attributes given as name, value pairs. */
    public OnnxWriter node(String opType, List<String> ins, List<String> outs, Object... attributes) {
        Message node = new Message();
        ins.forEach(in -> node.string(1, in));
        outs.forEach(out -> node.string(2, out));
        node.string(3, opType + "_" + nodes.size());
        node.string(4, opType);
        for (int i = 0; i < attributes.length; i += 2) {
            Message attribute = new Message().string(1, (String) attributes[i]);
            Object value = attributes[i + 1];
            if (value instanceof Tensor tensor) {
                attribute.bytes(5, TensorProtoCodec.encode("", tensor)).varint(20, 4);
            } else if (value instanceof Float f) {
                attribute.fixed32(2, Float.floatToRawIntBits(f)).varint(20, 1);
            } else {
                attribute.varint(3, ((Number) value).longValue()).varint(20, 2);
            }
            node.bytes(5, attribute.toBytes());
        }
        nodes.add(node.toBytes());
        return this;
    }

    public byte[] build() {
        Message graph = new Message();
        nodes.forEach(n -> graph.bytes(1, n));
        graph.string(2, "wasi-nn-test");
        initializers.forEach(t -> graph.bytes(5, t));
        inputs.forEach(v -> graph.bytes(11, v));
        outputs.forEach(v -> graph.bytes(12, v));
        return new Message()
                .varint(1, 8)
                .string(2, "lockstep-contract-vm-tests")
                .bytes(7, graph.toBytes())
                .bytes(8, new Message().string(1, "").varint(2, opset).toBytes())
                .toBytes();
    }

    private static byte[] valueInfo(String name, DType dtype, long... dims) {
        Message shape = new Message();
        for (long d : dims) {
            shape.bytes(1, new Message().varint(1, d).toBytes());
        }
        Message tensorType = new Message().varint(1, dtype.onnxCode()).bytes(2, shape.toBytes());
        Message type = new Message().bytes(1, tensorType.toBytes());
        return new Message().string(1, name).bytes(2, type.toBytes()).toBytes();
    }

    /** The protobuf wire format, as much of it as models need. */
    private static final class Message {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Message varint(int field, long value) {
            tag(field, 0);
            writeVarint(value);
            return this;
        }

        Message fixed32(int field, int value) {
            tag(field, 5);
            for (int i = 0; i < 4; i++) {
                out.write(value >>> (8 * i));
            }
            return this;
        }

        Message string(int field, String value) {
            return bytes(field, value.getBytes(StandardCharsets.UTF_8));
        }

        Message bytes(int field, byte[] value) {
            tag(field, 2);
            writeVarint(value.length);
            out.writeBytes(value);
            return this;
        }

        byte[] toBytes() {
            return out.toByteArray();
        }

        private void tag(int field, int wireType) {
            writeVarint(((long) field << 3) | wireType);
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
