package io.lockstep.vm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The SHA-256 of a model's serialized ONNX bytes: the name under which the chain registers a model and
 * the builder bytes a contract passes to {@code wasi_ephemeral_nn.load}.
 */
public final class ModelHash {

    /** Bytes of a hash. */
    public static final int LENGTH = 32;

    private final byte[] bytes;

    private ModelHash(byte[] bytes) {
        this.bytes = bytes;
    }

    public static ModelHash of(byte[] onnxModel) {
        try {
            return new ModelHash(MessageDigest.getInstance("SHA-256").digest(onnxModel));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** A hash given as its 32 bytes. */
    public static ModelHash fromBytes(byte[] hash) {
        if (hash.length != LENGTH) {
            throw new IllegalArgumentException("a model hash is " + LENGTH + " bytes, got " + hash.length);
        }
        return new ModelHash(hash.clone());
    }

    public static ModelHash fromHex(String hex) {
        return fromBytes(HexFormat.of().parseHex(hex.startsWith("0x") ? hex.substring(2) : hex));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public String toHex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ModelHash that && Arrays.equals(bytes, that.bytes);
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
