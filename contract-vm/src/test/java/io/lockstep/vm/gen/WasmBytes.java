package io.lockstep.vm.gen;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable buffer with the encodings of the WebAssembly binary format (LEB128, IEEE bits, names). */
public final class WasmBytes {

    private byte[] buffer = new byte[64];
    private int size;

    public int size() {
        return size;
    }

    public WasmBytes u8(int value) {
        if (size == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        buffer[size++] = (byte) value;
        return this;
    }

    /** Unsigned LEB128 of a 32-bit value. */
    public WasmBytes u32(long value) {
        long v = value & 0xFFFF_FFFFL;
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            u8(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    /** Signed LEB128; also serves for s32 and s33 (block type indices). */
    public WasmBytes s64(long value) {
        while (true) {
            int b = (int) (value & 0x7F);
            value >>= 7;
            boolean done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            u8(done ? b : b | 0x80);
            if (done) {
                return this;
            }
        }
    }

    public WasmBytes s32(int value) {
        return s64(value);
    }

    public WasmBytes f32Bits(int bits) {
        for (int i = 0; i < 4; i++) {
            u8(bits >>> (8 * i));
        }
        return this;
    }

    public WasmBytes f64Bits(long bits) {
        for (int i = 0; i < 8; i++) {
            u8((int) (bits >>> (8 * i)));
        }
        return this;
    }

    public WasmBytes name(String text) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        u32(utf8.length);
        return bytes(utf8);
    }

    public WasmBytes bytes(byte[] source) {
        for (byte b : source) {
            u8(b);
        }
        return this;
    }

    public WasmBytes bytes(WasmBytes other) {
        for (int i = 0; i < other.size; i++) {
            u8(other.buffer[i]);
        }
        return this;
    }

    /** A section: id, payload size, payload. */
    public WasmBytes section(int id, WasmBytes payload) {
        u8(id);
        u32(payload.size);
        return bytes(payload);
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }
}
