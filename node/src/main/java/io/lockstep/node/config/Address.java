package io.lockstep.node.config;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.web3j.crypto.Keys;

/**
 * A 20-byte account address: the last 20 bytes of the Keccak-256 of a secp256k1 public key, as in
 * Ethereum. Written as EIP-55 checksummed hex; read from hex in one case, or mixed case with a correct
 * checksum, so that a mistyped address is caught rather than funded.
 */
public final class Address implements Comparable<Address> {

    public static final int BYTES = 20;

    private static final HexFormat HEX = HexFormat.of();

    private final byte[] bytes;

    private Address(byte[] bytes) {
        this.bytes = bytes;
    }

    public static Address of(byte[] bytes) {
        if (bytes.length != BYTES) {
            throw new ConfigException(null, "an address is " + BYTES + " bytes, not " + bytes.length);
        }
        return new Address(bytes.clone());
    }

    /** Parses {@code 0x} and 40 hex digits; mixed case must be the EIP-55 checksum. */
    public static Address fromHex(String text) {
        if (!text.startsWith("0x") && !text.startsWith("0X")) {
            throw new ConfigException(null, "not an address: expected 0x and 40 hex digits, got '" + text + "'");
        }
        String digits = text.substring(2);
        if (digits.length() != 2 * BYTES || !isHex(digits)) {
            throw new ConfigException(null, "not an address: expected 0x and 40 hex digits, got '" + text + "'");
        }
        Address address = new Address(HEX.parseHex(digits));
        boolean oneCase =
                digits.equals(digits.toLowerCase(Locale.ROOT)) || digits.equals(digits.toUpperCase(Locale.ROOT));
        if (!oneCase && !address.toChecksumHex().substring(2).equals(digits)) {
            throw new ConfigException(
                    null,
                    "address " + text + " has a wrong EIP-55 checksum (mixed case must read " + address.toChecksumHex()
                            + "); check for a typo, or write it in lower case");
        }
        return address;
    }

    public byte[] toBytes() {
        return bytes.clone();
    }

    /** {@code 0x} and 40 lower-case hex digits. */
    public String toHex() {
        return "0x" + HEX.formatHex(bytes);
    }

    /** {@code 0x} and 40 hex digits in EIP-55 mixed case, as wallets show addresses. */
    public String toChecksumHex() {
        return Keys.toChecksumAddress(toHex());
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

    @Override
    public String toString() {
        return toChecksumHex();
    }

    static boolean isHex(String digits) {
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            // ASCII only: Character.digit would also take other scripts' digits, which are not hex.
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
                return false;
            }
        }
        return true;
    }
}
