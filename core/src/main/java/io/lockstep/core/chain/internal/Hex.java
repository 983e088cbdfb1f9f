package io.lockstep.core.chain.internal;

/** Hex text as Ethereum tools write it: {@code 0x}, then two lowercase or uppercase digits per byte. */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {}

    /** {@code 0x} followed by the lowercase digits of {@code bytes}. */
    public static String encode(byte[] bytes) {
        char[] out = new char[2 + 2 * bytes.length];
        out[0] = '0';
        out[1] = 'x';
        for (int i = 0; i < bytes.length; i++) {
            out[2 + 2 * i] = DIGITS[(bytes[i] >>> 4) & 0xF];
            out[3 + 2 * i] = DIGITS[bytes[i] & 0xF];
        }
        return new String(out);
    }

    /**
     * The bytes of {@code text}, which must be {@code 0x} followed by an even number of hex digits.
     *
     * @param what names the value in the error message
     * @throws IllegalArgumentException naming what is wrong
     */
    public static byte[] decode(String text, String what) {
        if (text == null) {
            throw new IllegalArgumentException(what + " is null");
        }
        if (!text.startsWith("0x")) {
            throw new IllegalArgumentException(what + " must start with 0x: " + abbreviate(text));
        }
        int digits = text.length() - 2;
        if (digits % 2 != 0) {
            throw new IllegalArgumentException(what + " has an odd number of hex digits (" + digits + ")");
        }
        byte[] out = new byte[digits / 2];
        for (int i = 0; i < out.length; i++) {
            int high = Character.digit(text.charAt(2 + 2 * i), 16);
            int low = Character.digit(text.charAt(3 + 2 * i), 16);
            if (high < 0 || low < 0 || !isAscii(text.charAt(2 + 2 * i)) || !isAscii(text.charAt(3 + 2 * i))) {
                throw new IllegalArgumentException(what + " has a non-hex character at index " + (2 + 2 * i));
            }
            out[i] = (byte) ((high << 4) | low);
        }
        return out;
    }

    private static boolean isAscii(char c) {
        return c < 0x80;
    }

    /** At most the first 80 characters of {@code text}, for error messages about untrusted input. */
    public static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "… (" + text.length() + " chars)";
    }
}
