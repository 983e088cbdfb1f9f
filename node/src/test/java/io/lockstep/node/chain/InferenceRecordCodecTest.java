package io.lockstep.node.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.vm.InferenceRecord;
import io.lockstep.vm.ModelHash;
import io.lockstep.vm.TensorDigest;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class InferenceRecordCodecTest {

    private static TensorDigest tensor(String name, String dtype, int fill, Integer... shape) {
        byte[] sha = new byte[32];
        Arrays.fill(sha, (byte) fill);
        return new TensorDigest(name, dtype, List.of(shape), sha);
    }

    @Test
    void recordsSurviveTheirStoredFormInOrder() {
        List<InferenceRecord> records = List.of(
                new InferenceRecord(
                        ModelHash.of(new byte[] {1}),
                        List.of(tensor("x", "float", 1, 2, 3), tensor("mask", "bool", 2)),
                        List.of(tensor("y", "int64", 3, 2)),
                        36_759),
                new InferenceRecord(ModelHash.of(new byte[] {2}), List.of(), List.of(tensor("é", "uint8", 4)), 0));

        assertEquals(records, InferenceRecordCodec.decode(InferenceRecordCodec.encode(records)));
        assertEquals(List.of(), InferenceRecordCodec.decode(InferenceRecordCodec.encode(List.of())));
    }

    @Test
    void damagedBytesAreRefusedNotMisread() {
        byte[] encoded = InferenceRecordCodec.encode(List.of(
                new InferenceRecord(ModelHash.of(new byte[] {1}), List.of(tensor("x", "float", 1, 4)), List.of(), 10)));
        assertThrows(
                IllegalStateException.class,
                () -> InferenceRecordCodec.decode(Arrays.copyOf(encoded, encoded.length - 1)));
        assertThrows(
                IllegalStateException.class,
                () -> InferenceRecordCodec.decode(Arrays.copyOf(encoded, encoded.length + 1)));
        // cut inside the input's digest, which ends 4 bytes (the outputs' count) before the end
        assertThrows(
                IllegalStateException.class,
                () -> InferenceRecordCodec.decode(Arrays.copyOf(encoded, encoded.length - 10)));
    }
}
