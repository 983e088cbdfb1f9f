package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import org.web3j.crypto.Hash;

/**
 * A 32-byte hash: Keccak-256 for what Ethereum tools compute (transaction and block hashes, log topics),
 * SHA-256 for the chain's Merkle roots. Equality, hash code and order are by content (unsigned
 * lexicographic).
 *
 * @param bytes the 32 bytes; copied in and out
 */
public record Hash32(byte[] bytes) implements Comparable<Hash32> {

    /** Length of a hash in bytes. */
    public static final int LENGTH = 32;

    /** Thirty-two zero bytes: the root of an empty list and of an empty state tree. */
    public static final Hash32 ZERO = new Hash32(new byte[LENGTH]);

    public Hash32 {
        Objects.requireNonNull(bytes, "hash bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("a hash is " + LENGTH + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** The hash of these 32 bytes. */
    public static Hash32 of(byte[] bytes) {
        return new Hash32(bytes);
    }

    /**
     * Parses {@code 0x} followed by 64 hex digits in any case.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static Hash32 fromHex(String hex) {
        Objects.requireNonNull(hex, "hash hex");
        if (hex.length() != 2 + 2 * LENGTH) {
            throw new IllegalArgumentException(
                    "a hash is 0x and 64 hex digits, got " + hex.length() + " chars: " + Hex.abbreviate(hex));
        }
        return new Hash32(Hex.decode(hex, "hash"));
    }

    /** Keccak-256 of {@code data} (Ethereum's hash, not the standardized SHA3-256). */
    public static Hash32 keccak256(byte[] data) {
        Objects.requireNonNull(data, "data to hash");
        return new Hash32(Hash.sha3(data));
    }

    /** SHA-256 of {@code data}. */
    public static Hash32 sha256(byte[] data) {
        Objects.requireNonNull(data, "data to hash");
        return new Hash32(sha256Digest().digest(data));
    }

    static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** A copy of the 32 bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@code 0x} and 64 lowercase hex digits. */
    public String toHex() {
        return Hex.encode(bytes);
    }

    @Override
    public int compareTo(Hash32 other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Hash32 hash && Arrays.equals(bytes, hash.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    /** The same as {@link #toHex()}. */
    @Override
    public String toString() {
        return toHex();
    }
}
