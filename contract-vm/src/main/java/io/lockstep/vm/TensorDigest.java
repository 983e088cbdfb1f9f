package io.lockstep.vm;

import io.lockstep.nn.Tensor;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A tensor as an inference record names it: its name in the model, its element type (the lower-case name
 * {@code ./lockstep nn run} prints: {@code float}, {@code uint8}, {@code int8}, {@code int32}, {@code
 * int64}, {@code bool}), its shape, and the SHA-256 of its raw little-endian bytes (the digest {@code
 * ./lockstep nn run} prints too).
 */
public record TensorDigest(String name, String dtype, List<Integer> shape, byte[] sha256) {

    /** The digest of {@code tensor}, named {@code name}. */
    public static TensorDigest of(String name, Tensor tensor) {
        byte[] sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256").digest(tensor.toLittleEndianBytes());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        return new TensorDigest(
                name,
                tensor.dtype().name().toLowerCase(Locale.ROOT),
                Arrays.stream(tensor.shape()).boxed().toList(),
                sha256);
    }

    public TensorDigest {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
        if (sha256.length != 32) {
            throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + sha256.length);
        }
        sha256 = sha256.clone();
    }

    @Override
    public byte[] sha256() {
        return sha256.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorDigest other
                && name.equals(other.name)
                && dtype.equals(other.dtype)
                && shape.equals(other.shape)
                && Arrays.equals(sha256, other.sha256);
    }

    @Override
    public String toString() {
        return name + ":" + dtype + shape + ":" + java.util.HexFormat.of().formatHex(sha256);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dtype, shape, Arrays.hashCode(sha256));
    }
}
