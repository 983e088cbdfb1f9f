package io.lockstep.vm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/** The SHA-256 of a module's original (uninstrumented) bytes: the key under which its code is stored. */
public final class CodeHash {

    private final byte[] bytes;

    private CodeHash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static CodeHash of(byte[] module) {
        try {
            return new CodeHash(MessageDigest.getInstance("SHA-256").digest(module));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    public static CodeHash fromHex(String hex) {
        return fromBytes(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
    }

    /** A hash read back from where it was stored (an account's code hash). */
    public static CodeHash fromBytes(byte[] hash) {
        if (hash.length != 32) {
            throw new IllegalArgumentException("a code hash is 32 bytes");
        }
        return new CodeHash(hash.clone());
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CodeHash that && Arrays.equals(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "0x" + toHex();
    }
}
