package io.lockstep.node.chain;

import io.lockstep.vm.InferenceRecord;
import io.lockstep.vm.ModelHash;
import io.lockstep.vm.TensorDigest;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a transaction's inference records (the chain's index, not consensus):
 * {@code u32 count}, then per record {@code model (32) ‖ u64 fuel ‖ tensors(inputs) ‖ tensors(outputs)},
 * where {@code tensors} is {@code u32 count} and per tensor {@code u16 nameLength ‖ name (UTF-8) ‖ u8
 * dtypeLength ‖ dtype (ASCII) ‖ u8 rank ‖ rank × u32 dim ‖ sha256 (32)}; big-endian throughout.
 */
final class InferenceRecordCodec {

    private InferenceRecordCodec() {}

    static byte[] encode(List<InferenceRecord> records) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(records.size());
            for (InferenceRecord record : records) {
                out.write(record.model().bytes());
                out.writeLong(record.fuel());
                writeTensors(out, record.inputs());
                writeTensors(out, record.outputs());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static List<InferenceRecord> decode(byte[] encoded) {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(encoded))) {
            int count = in.readInt();
            List<InferenceRecord> records = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                byte[] model = exactly(in, ModelHash.LENGTH);
                long fuel = in.readLong();
                records.add(new InferenceRecord(ModelHash.fromBytes(model), readTensors(in), readTensors(in), fuel));
            }
            if (in.available() != 0) {
                throw new IllegalStateException("stored inference records have trailing bytes");
            }
            return records;
        } catch (IOException e) {
            throw new IllegalStateException("stored inference records are damaged: " + e.getMessage(), e);
        }
    }

    /** {@code length} bytes, or an {@link java.io.EOFException} when fewer are left. */
    private static byte[] exactly(DataInputStream in, int length) throws IOException {
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }

    private static void writeTensors(DataOutputStream out, List<TensorDigest> tensors) throws IOException {
        out.writeInt(tensors.size());
        for (TensorDigest tensor : tensors) {
            byte[] name = tensor.name().getBytes(StandardCharsets.UTF_8);
            byte[] dtype = tensor.dtype().getBytes(StandardCharsets.US_ASCII);
            out.writeShort(name.length);
            out.write(name);
            out.writeByte(dtype.length);
            out.write(dtype);
            out.writeByte(tensor.shape().size());
            for (int dim : tensor.shape()) {
                out.writeInt(dim);
            }
            out.write(tensor.sha256());
        }
    }

    private static List<TensorDigest> readTensors(DataInputStream in) throws IOException {
        int count = in.readInt();
        List<TensorDigest> tensors = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = new String(exactly(in, in.readUnsignedShort()), StandardCharsets.UTF_8);
            String dtype = new String(exactly(in, in.readUnsignedByte()), StandardCharsets.US_ASCII);
            int rank = in.readUnsignedByte();
            List<Integer> shape = new ArrayList<>(rank);
            for (int d = 0; d < rank; d++) {
                shape.add(in.readInt());
            }
            tensors.add(new TensorDigest(name, dtype, shape, exactly(in, 32)));
        }
        return tensors;
    }
}
