package io.lockstep.vm.internal;

import java.util.Arrays;

/** A growable byte buffer with the WebAssembly binary encodings the instrumenter emits. */
final class ByteSink {

    private byte[] buffer;
    private int size;

    ByteSink(int capacity) {
        buffer = new byte[Math.max(16, capacity)];
    }

    int size() {
        return size;
    }

    ByteSink u8(int value) {
        ensure(1);
        buffer[size++] = (byte) value;
        return this;
    }

    ByteSink u32(long value) {
        long v = value & 0xFFFF_FFFFL;
        do {
            int b = (int) (v & 0x7F);
            v >>>= 7;
            u8(v != 0 ? b | 0x80 : b);
        } while (v != 0);
        return this;
    }

    ByteSink s64(long value) {
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

    ByteSink s32(int value) {
        return s64(value);
    }

    ByteSink bytes(byte[] source, int from, int to) {
        int length = to - from;
        ensure(length);
        System.arraycopy(source, from, buffer, size, length);
        size += length;
        return this;
    }

    ByteSink bytes(byte[] source) {
        return bytes(source, 0, source.length);
    }

    ByteSink bytes(ByteSink other) {
        return bytes(other.buffer, 0, other.size);
    }

    ByteSink f32Bits(int bits) {
        for (int i = 0; i < 4; i++) {
            u8(bits >>> (8 * i));
        }
        return this;
    }

    ByteSink f64Bits(long bits) {
        for (int i = 0; i < 8; i++) {
            u8((int) (bits >>> (8 * i)));
        }
        return this;
    }

    /** Section id, payload length, payload. */
    ByteSink section(int id, ByteSink payload) {
        u8(id);
        u32(payload.size);
        return bytes(payload);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    private void ensure(int extra) {
        if (size + extra > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + extra));
        }
    }
}
