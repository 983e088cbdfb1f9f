package io.lockstep.node.store;

import java.util.Arrays;

/**
 * A RocksDB write batch built in Java in its serialized form, the form {@code WriteBatch.data()} returns
 * and {@code new WriteBatch(byte[])} takes: a block's batch holds some ten thousand state nodes, and
 * adding them one native call at a time cost more than encoding them here and handing RocksDB the
 * whole batch in one call.
 *
 * <p>The form (RocksDB's {@code write_batch.cc}, also its write-ahead log record): a sequence number
 * (fixed64, little-endian; RocksDB sets it on write), the record count (fixed32, little-endian), then per
 * put {@code 0x05 ‖ column family id (varint32) ‖ key length (varint32) ‖ key ‖ value length (varint32)
 * ‖ value}, or {@code 0x01 ‖ key ‖ value} (same lengths) for the default column family, id 0.
 */
final class SerializedWriteBatch {

    private static final int HEADER = 12;
    private static final byte TYPE_VALUE = 0x01;
    private static final byte TYPE_COLUMN_FAMILY_VALUE = 0x05;

    private byte[] bytes = new byte[4096];
    private int length = HEADER;
    private int count;

    /** Adds a put of {@code key} → {@code value} in the column family with id {@code columnFamily}. */
    void put(int columnFamily, byte[] key, byte[] value) {
        if (columnFamily < 0) {
            throw new IllegalArgumentException("column family id must not be negative: " + columnFamily);
        }
        ensure(1 + 5 + 5 + key.length + 5 + value.length);
        if (columnFamily == 0) {
            bytes[length++] = TYPE_VALUE;
        } else {
            bytes[length++] = TYPE_COLUMN_FAMILY_VALUE;
            varint(columnFamily);
        }
        varint(key.length);
        System.arraycopy(key, 0, bytes, length, key.length);
        length += key.length;
        varint(value.length);
        System.arraycopy(value, 0, bytes, length, value.length);
        length += value.length;
        count++;
    }

    int count() {
        return count;
    }

    /** The serialized batch. */
    byte[] toByteArray() {
        byte[] out = Arrays.copyOf(bytes, length);
        out[8] = (byte) count;
        out[9] = (byte) (count >>> 8);
        out[10] = (byte) (count >>> 16);
        out[11] = (byte) (count >>> 24);
        return out;
    }

    private void varint(int value) {
        while ((value & ~0x7F) != 0) {
            bytes[length++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[length++] = (byte) value;
    }

    private void ensure(int more) {
        if (bytes.length - length < more) {
            long wanted = Math.max((long) bytes.length * 2, (long) length + more);
            if (wanted > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("a write batch of more than 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) wanted);
        }
    }
}
