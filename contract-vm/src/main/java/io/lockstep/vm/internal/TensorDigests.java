package io.lockstep.vm.internal;

import io.lockstep.nn.Tensor;
import io.lockstep.vm.TensorDigest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;

/** The digest of a tensor that an inference record keeps. */
final class TensorDigests {

    private TensorDigests() {}

    static TensorDigest of(String name, Tensor tensor) {
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
}
