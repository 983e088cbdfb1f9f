package io.lockstep.vm.internal;

import io.lockstep.vm.RejectReason;

/** Bounds-checked reading of WebAssembly binary encodings (LEB128 integers, bytes) from a slice. */
final class ByteReader {

    private final byte[] bytes;
    private final int end;
    private int pos;

    ByteReader(byte[] bytes, int start, int end) {
        if (start < 0 || end > bytes.length || start > end) {
            throw new IllegalArgumentException("bad slice " + start + ".." + end);
        }
        this.bytes = bytes;
        this.pos = start;
        this.end = end;
    }

    byte[] source() {
        return bytes;
    }

    int pos() {
        return pos;
    }

    int end() {
        return end;
    }

    boolean atEnd() {
        return pos >= end;
    }

    int remaining() {
        return end - pos;
    }

    int u8() {
        if (pos >= end) {
            throw malformed("unexpected end");
        }
        return bytes[pos++] & 0xFF;
    }

    /** An unsigned LEB128 of at most 32 bits. */
    long u32() {
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8();
            if (shift == 28 && (b & 0x70) != 0) {
                throw malformed("integer too large");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
            shift += 7;
            if (shift > 28) {
                throw malformed("integer representation too long");
            }
        }
    }

    /** An unsigned LEB128 of at most 32 bits that must also fit a Java int and {@code max}. */
    int u32AtMost(long max, String what) {
        long value = u32();
        if (value > max) {
            throw new ModuleRejectedException(
                    RejectReason.LIMIT_EXCEEDED, what + " is " + value + ", more than the limit " + max);
        }
        return (int) value;
    }

    /** A signed LEB128, skipped (only its length matters here). */
    void skipSigned(int maxBytes) {
        for (int i = 0; i < maxBytes; i++) {
            if ((u8() & 0x80) == 0) {
                return;
            }
        }
        throw malformed("integer representation too long");
    }

    void skip(long count) {
        if (count < 0 || count > remaining()) {
            throw malformed("length out of bounds");
        }
        pos += (int) count;
    }

    static ModuleRejectedException malformed(String message) {
        return new ModuleRejectedException(RejectReason.MALFORMED, message);
    }
}
