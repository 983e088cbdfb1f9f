package io.lockstep.nn.internal.proto;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import java.nio.charset.StandardCharsets;

/**
 * Reads protobuf wire format from a byte range. Every length is checked against the bytes that remain
 * before anything is allocated, so hostile input can at worst make the reader fail, never allocate
 * more than the input's own size.
 */
public final class WireReader {
    public static final int VARINT = 0;
    public static final int FIXED64 = 1;
    public static final int LENGTH_DELIMITED = 2;
    public static final int FIXED32 = 5;

    private final byte[] bytes;
    private final String what;
    private int position;
    private final int limit;
    private int lastWireType = -1;

    public WireReader(byte[] bytes, String what) {
        this(bytes, 0, bytes.length, what);
    }

    private WireReader(byte[] bytes, int from, int limit, String what) {
        this.bytes = bytes;
        this.position = from;
        this.limit = limit;
        this.what = what;
    }

    /** A reader over {@code length} bytes at absolute offset {@code from} of the same input. */
    public WireReader slice(int from, int length, String name) {
        if (from < 0 || length < 0 || from > bytes.length - length) {
            throw malformed("slice out of range");
        }
        return new WireReader(bytes, from, from + length, name);
    }

    public boolean hasMore() {
        return position < limit;
    }

    public int position() {
        return position;
    }

    /** Reads a field tag and returns its field number; the wire type is available from {@link #wireType()}. */
    public int readTag() {
        long tag = readVarint();
        int field = (int) (tag >>> 3);
        lastWireType = (int) (tag & 7);
        if (tag >>> 3 > 0x1fffffff || field == 0) {
            throw malformed("invalid field number " + (tag >>> 3));
        }
        if (lastWireType != VARINT
                && lastWireType != FIXED64
                && lastWireType != LENGTH_DELIMITED
                && lastWireType != FIXED32) {
            throw malformed("unsupported wire type " + lastWireType + " for field " + field);
        }
        return field;
    }

    public int wireType() {
        return lastWireType;
    }

    public long readVarint() {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (position >= limit) {
                throw malformed("truncated varint");
            }
            byte b = bytes[position++];
            result |= (long) (b & 0x7f) << shift;
            if (b >= 0) {
                return result;
            }
        }
        throw malformed("varint longer than 10 bytes");
    }

    public int readFixed32() {
        require(4);
        int p = position;
        position += 4;
        return (bytes[p] & 0xff)
                | (bytes[p + 1] & 0xff) << 8
                | (bytes[p + 2] & 0xff) << 16
                | (bytes[p + 3] & 0xff) << 24;
    }

    public long readFixed64() {
        long low = readFixed32() & 0xffffffffL;
        long high = readFixed32() & 0xffffffffL;
        return low | high << 32;
    }

    public float readFloat() {
        return Float.intBitsToFloat(readFixed32());
    }

    /** Reads a length prefix and checks that many bytes remain. */
    public int readLength() {
        long length = readVarint();
        if (length < 0 || length > limit - position) {
            throw malformed("length " + length + " exceeds the " + (limit - position) + " bytes left");
        }
        return (int) length;
    }

    /** A reader over the next length-delimited field, which this reader then skips. */
    public WireReader readMessage(String name) {
        int length = readLength();
        WireReader sub = new WireReader(bytes, position, position + length, name);
        position += length;
        return sub;
    }

    public byte[] readBytes() {
        int length = readLength();
        byte[] out = new byte[length];
        System.arraycopy(bytes, position, out, 0, length);
        position += length;
        return out;
    }

    public String readString() {
        int length = readLength();
        String s = new String(bytes, position, length, StandardCharsets.UTF_8);
        position += length;
        return s;
    }

    /** Reads an int64 field value; with wire type varint only. */
    public long readInt64() {
        expect(VARINT);
        return readVarint();
    }

    /** Reads an int32 (or enum) field value: a varint truncated to 32 bits, as protobuf does. */
    public int readInt32() {
        expect(VARINT);
        return (int) readVarint();
    }

    public void expect(int wireType) {
        if (lastWireType != wireType) {
            throw malformed("wire type " + lastWireType + " where " + wireType + " was expected");
        }
    }

    /** Skips the value of the field whose tag was just read. */
    public void skipField() {
        switch (lastWireType) {
            case VARINT -> readVarint();
            case FIXED64 -> skip(8);
            case FIXED32 -> skip(4);
            case LENGTH_DELIMITED -> skip(readLength());
            default -> throw malformed("cannot skip wire type " + lastWireType);
        }
    }

    public void skipBytes(int n) {
        require(n);
        position += n;
    }

    /** The bytes from the current position to the limit. */
    public byte[] readRemaining() {
        byte[] out = new byte[limit - position];
        System.arraycopy(bytes, position, out, 0, out.length);
        position = limit;
        return out;
    }

    private void skip(int n) {
        skipBytes(n);
    }

    private void require(int n) {
        if (limit - position < n) {
            throw malformed("truncated: " + n + " bytes needed, " + (limit - position) + " left");
        }
    }

    public NnException malformed(String message) {
        return new NnException(NnErrorCode.MALFORMED_MODEL, what + ": " + message);
    }

    /**
     * Counts the values of a repeated scalar field given either packed (one length-delimited run) or
     * unpacked (one value per tag); used to size arrays before decoding them.
     */
    public int countPackedVarints(int length) {
        int count = 0;
        for (int i = position; i < position + length; i++) {
            if (bytes[i] >= 0) {
                count++;
            }
        }
        if (length > 0 && bytes[position + length - 1] < 0) {
            throw malformed("truncated packed varint");
        }
        return count;
    }
}
