package io.lockstep.core.chain.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/**
 * Canonical RLP encoding of Web3j's item types, and builders for the items the chain writes.
 *
 * <p>Web3j's {@code RlpEncoder} re-copies everything written so far for every list element, which is
 * quadratic in the length of a list: too slow for the transaction list of a full block. This writer
 * produces the same bytes in one pass per nesting level.
 */
public final class RlpWriter {

    private RlpWriter() {}

    /** The canonical encoding of {@code item}. */
    public static byte[] encode(RlpType item) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(item, out);
        return out.toByteArray();
    }

    private static void write(RlpType item, ByteArrayOutputStream out) {
        if (item instanceof RlpString string) {
            byte[] bytes = string.getBytes();
            if (bytes.length == 1 && (bytes[0] & 0xFF) < 0x80) {
                out.write(bytes[0]);
            } else {
                header(0x80, bytes.length, out);
                out.writeBytes(bytes);
            }
            return;
        }
        ByteArrayOutputStream payload = new ByteArrayOutputStream();
        for (RlpType element : ((RlpList) item).getValues()) {
            write(element, payload);
        }
        header(0xC0, payload.size(), out);
        out.writeBytes(payload.toByteArray());
    }

    private static void header(int offset, int length, ByteArrayOutputStream out) {
        if (length <= 55) {
            out.write(offset + length);
            return;
        }
        byte[] lengthBytes = unsigned(length);
        out.write(offset + 55 + lengthBytes.length);
        out.writeBytes(lengthBytes);
    }

    /** A byte string item; the array is copied. */
    public static RlpString bytes(byte[] value) {
        return RlpString.create(value.clone());
    }

    /** A non-negative integer as its minimal big-endian bytes (zero is the empty string). */
    public static RlpString uint(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("RLP integers are unsigned, got " + value);
        }
        return RlpString.create(unsigned(value));
    }

    /** A non-negative integer as its minimal big-endian bytes (zero is the empty string). */
    public static RlpString uint(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("RLP integers are unsigned, got " + value);
        }
        byte[] bytes = value.toByteArray();
        int skip = 0;
        while (skip < bytes.length && bytes[skip] == 0) {
            skip++;
        }
        return RlpString.create(Arrays.copyOfRange(bytes, skip, bytes.length));
    }

    /** A list item over {@code items}. */
    public static RlpList list(List<? extends RlpType> items) {
        return new RlpList(List.<RlpType>copyOf(items));
    }

    /** A list item over {@code items}. */
    public static RlpList list(RlpType... items) {
        return new RlpList(items);
    }

    private static byte[] unsigned(long value) {
        int length = (64 - Long.numberOfLeadingZeros(value) + 7) / 8;
        byte[] out = new byte[length];
        for (int i = length - 1; i >= 0; i--) {
            out[i] = (byte) value;
            value >>>= 8;
        }
        return out;
    }
}
