package io.lockstep.core.state;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The tree's hashing: SHA-256 with a one-byte domain tag, so that a leaf can never be taken for an
 * internal node or the other way round. An empty subtree hashes to 32 zero bytes.
 */
public final class TreeHash {

    /** Length of every hash in the tree. */
    public static final int LENGTH = 32;

    static final byte LEAF_TAG = 0x00;
    static final byte INTERNAL_TAG = 0x01;

    private static final byte[] EMPTY = new byte[LENGTH];

    /**
     * One digest per thread: a block's update hashes tens of thousands of nodes, and looking the
     * algorithm up through the security providers for each costs more than the hash of a small node.
     * {@link MessageDigest#digest()} resets it for the next use.
     */
    private static final ThreadLocal<MessageDigest> DIGEST = ThreadLocal.withInitial(TreeHash::newDigest);

    private TreeHash() {}

    /** The hash of an empty subtree, and the root of an empty tree: 32 zero bytes. */
    public static byte[] empty() {
        return EMPTY.clone();
    }

    /** SHA-256 of {@code bytes}: a key's path, a value's hash. */
    public static byte[] sha256(byte[] bytes) {
        return DIGEST.get().digest(bytes);
    }

    /** {@code SHA-256(0x00 ‖ keyHash ‖ valueHash)}. */
    public static byte[] leaf(byte[] keyHash, byte[] valueHash) {
        MessageDigest digest = DIGEST.get();
        digest.update(LEAF_TAG);
        digest.update(keyHash);
        digest.update(valueHash);
        return digest.digest();
    }

    /** {@code SHA-256(0x01 ‖ left ‖ right)}. */
    public static byte[] internal(byte[] left, byte[] right) {
        MessageDigest digest = DIGEST.get();
        digest.update(INTERNAL_TAG);
        digest.update(left);
        digest.update(right);
        return digest.digest();
    }

    /** Bit {@code index} of a 256-bit path, most significant bit of byte 0 first. */
    static int bit(byte[] path, int index) {
        return (path[index >>> 3] >>> (7 - (index & 7))) & 1;
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
