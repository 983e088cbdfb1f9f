package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.Hex;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.web3j.crypto.Hash;

/**
 * A 20-byte account address: the last 20 bytes of the Keccak-256 hash of a secp256k1 public key, or a
 * contract's address ({@link ContractAddress}). Equality, hash code and order are by content (unsigned
 * lexicographic).
 *
 * @param bytes the 20 bytes; copied in and out
 */
public record Address(byte[] bytes) implements Comparable<Address> {

    /** Length of an address in bytes. */
    public static final int LENGTH = 20;

    /** The address of twenty zero bytes. */
    public static final Address ZERO = new Address(new byte[LENGTH]);

    public Address {
        Objects.requireNonNull(bytes, "address bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException("an address is " + LENGTH + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** The address of these 20 bytes. */
    public static Address of(byte[] bytes) {
        return new Address(bytes);
    }

    /**
     * Parses {@code 0x} followed by 40 hex digits in any case; a mixed-case (EIP-55) checksum is not
     * checked.
     *
     * @throws IllegalArgumentException if the text is not of that form
     */
    public static Address fromHex(String hex) {
        Objects.requireNonNull(hex, "address hex");
        if (hex.length() != 2 + 2 * LENGTH) {
            throw new IllegalArgumentException(
                    "an address is 0x and 40 hex digits, got " + hex.length() + " chars: " + Hex.abbreviate(hex));
        }
        return new Address(Hex.decode(hex, "address"));
    }

    /** A copy of the 20 bytes. */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** {@code 0x} and 40 lowercase hex digits. */
    public String toHex() {
        return Hex.encode(bytes);
    }

    /**
     * The EIP-55 mixed-case form: a letter digit is upper case when the matching nibble of the
     * Keccak-256 hash of the lowercase hex (without {@code 0x}) is 8 or more.
     */
    public String toChecksumHex() {
        String lower = toHex().substring(2);
        byte[] hash = Hash.sha3(lower.getBytes(StandardCharsets.US_ASCII));
        StringBuilder out = new StringBuilder(2 + lower.length()).append("0x");
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            int nibble = (hash[i / 2] >>> (i % 2 == 0 ? 4 : 0)) & 0xF;
            out.append(nibble >= 8 ? Character.toUpperCase(c) : c);
        }
        return out.toString();
    }

    @Override
    public int compareTo(Address other) {
        return Arrays.compareUnsigned(bytes, other.bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Address address && Arrays.equals(bytes, address.bytes);
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
