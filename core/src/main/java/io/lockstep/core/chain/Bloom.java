package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.Hex;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Ethereum's 2048-bit logs bloom. Each log's address and each of its topics set three bits: for
 * {@code h = keccak256(item)} and {@code i} in 0, 2, 4, bit {@code b = ((h[i] << 8) | h[i + 1]) & 2047},
 * counted from the least significant bit of the last byte (so bit {@code b} is in byte {@code 255 − b /
 * 8}).
 *
 * @param bytes the 256 bytes; copied in and out
 */
public record Bloom(byte[] bytes) {

    /** Length in bytes. */
    public static final int LENGTH = 256;

    /** The bloom with no bit set: that of no logs. */
    public static final Bloom EMPTY = new Bloom(new byte[LENGTH]);

    public Bloom {
        Objects.requireNonNull(bytes, "bloom bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a bloom is " + LENGTH + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** The bloom over every address and topic of {@code logs}. */
    public static Bloom of(List<Log> logs) {
        Objects.requireNonNull(logs, "logs");
        byte[] bits = new byte[LENGTH];
        for (Log log : logs) {
            set(bits, log.address().bytes());
            for (Hash32 topic : log.topics()) {
                set(bits, topic.bytes());
            }
        }
        return new Bloom(bits);
    }

    /** The bloom with the bits of both: the bloom of a block from its receipts' blooms. */
    public Bloom or(Bloom other) {
        Objects.requireNonNull(other, "other bloom");
        byte[] bits = bytes.clone();
        for (int i = 0; i < LENGTH; i++) {
            bits[i] |= other.bytes[i];
        }
        return new Bloom(bits);
    }

    /** False if no log of this bloom came from {@code address}; true means maybe. */
    public boolean mightContain(Address address) {
        return containsAll(Objects.requireNonNull(address, "address").bytes());
    }

    /** False if no log of this bloom has {@code topic}; true means maybe. */
    public boolean mightContain(Hash32 topic) {
        return containsAll(Objects.requireNonNull(topic, "topic").bytes());
    }

    private boolean containsAll(byte[] item) {
        for (int bit : bitsOf(item)) {
            if ((bytes[LENGTH - 1 - bit / 8] & (1 << (bit % 8))) == 0) {
                return false;
            }
        }
        return true;
    }

    private static void set(byte[] bits, byte[] item) {
        for (int bit : bitsOf(item)) {
            bits[LENGTH - 1 - bit / 8] |= (byte) (1 << (bit % 8));
        }
    }

    /** The three bit indexes {@code item} sets. */
    static int[] bitsOf(byte[] item) {
        byte[] h = Hash32.keccak256(item).bytes();
        int[] out = new int[3];
        for (int k = 0; k < 3; k++) {
            out[k] = (((h[2 * k] & 0xFF) << 8) | (h[2 * k + 1] & 0xFF)) & 2047;
        }
        return out;
    }

    /** A copy of the 256 bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Bloom bloom && Arrays.equals(bytes, bloom.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Bloom[" + Hex.encode(bytes) + "]";
    }
}
