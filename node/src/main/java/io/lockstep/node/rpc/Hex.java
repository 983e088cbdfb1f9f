package io.lockstep.node.rpc;

import java.math.BigInteger;

/**
 * The two hex encodings of the Ethereum JSON-RPC: a quantity ({@code 0x} and the value's hex digits without
 * leading zeros, {@code 0x0} for zero) and data ({@code 0x} and two digits per byte). Parsing accepts upper
 * and lower case digits and answers {@link IllegalArgumentException} with the reason.
 */
public final class Hex {

    /** 2^256 - 1, the largest quantity the EVM-facing APIs carry. */
    public static final BigInteger MAX_QUANTITY = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    public static String quantity(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("a quantity is not negative, got " + value);
        }
        return "0x" + Long.toHexString(value);
    }

    public static String quantity(BigInteger value) {
        if (value.signum() < 0 || value.compareTo(MAX_QUANTITY) > 0) {
            throw new IllegalArgumentException("a quantity is in 0..2^256-1, got " + value);
        }
        return "0x" + value.toString(16);
    }

    public static String data(byte[] bytes) {
        char[] out = new char[2 + 2 * bytes.length];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + 2 * i] = DIGITS[(bytes[i] >> 4) & 0xf];
            out[3 + 2 * i] = DIGITS[bytes[i] & 0xf];
        }
        return new String(out);
    }

    /** Parses a quantity in 0..2^256-1. */
    public static BigInteger parseQuantity(String text) {
        requirePrefix(text);
        int digits = text.length() - 2;
        if (digits == 0) {
            throw new IllegalArgumentException("no hex digits after 0x");
        }
        if (digits > 1 && text.charAt(2) == '0') {
            throw new IllegalArgumentException("leading zero digits");
        }
        for (int i = 2; i < text.length(); i++) {
            digit(text, i);
        }
        if (digits > 64) {
            throw new IllegalArgumentException("more than 256 bits");
        }
        return new BigInteger(text.substring(2), 16);
    }

    /** Parses data: any number of whole bytes, {@code 0x} alone being none. */
    public static byte[] parseData(String text) {
        requirePrefix(text);
        int digits = text.length() - 2;
        if (digits % 2 != 0) {
            throw new IllegalArgumentException("odd number of hex digits");
        }
        byte[] bytes = new byte[digits / 2];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (digit(text, 2 + 2 * i) << 4 | digit(text, 3 + 2 * i));
        }
        return bytes;
    }

    private static void requirePrefix(String text) {
        if (text.length() < 2 || text.charAt(0) != '0' || text.charAt(1) != 'x') {
            throw new IllegalArgumentException("missing 0x prefix");
        }
    }

    private static int digit(String text, int index) {
        int value = Character.digit(text.charAt(index), 16);
        // Character.digit also accepts non-ASCII digits; the wire format is ASCII only.
        if (value < 0 || text.charAt(index) > 'f') {
            throw new IllegalArgumentException("'" + text.charAt(index) + "' is not a hex digit");
        }
        return value;
    }
}
