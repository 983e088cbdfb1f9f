package io.lockstep.core.state;

import java.util.Arrays;
import java.util.Objects;

/** A stored node of the tree: a leaf holding one key and its value, or an internal node with two children. */
public sealed interface Node permits Node.Leaf, Node.Internal {

    /** Largest key a leaf holds, in bytes. */
    int MAX_KEY_BYTES = 1024;

    /** Largest value a leaf holds, in bytes. */
    int MAX_VALUE_BYTES = 16 * 1024 * 1024;

    /** The node's hash, which its parent (or the version's root) refers to. */
    byte[] hash();

    /**
     * Storage encoding. Leaf: {@code 0x00 ‖ keyLength (u16) ‖ key ‖ valueLength (u32) ‖ value}.
     * Internal: {@code 0x01 ‖ left ‖ right}, each child a {@link NodeRef} encoding.
     */
    byte[] encode();

    /** The length of {@link #encode()}'s bytes, without building them. */
    int encodedLength();

    /** One key and its value; its path is {@code SHA-256(key)}. */
    record Leaf(byte[] key, byte[] value, byte[] keyHash, byte[] hash) implements Node {

        public Leaf {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            if (key.length > MAX_KEY_BYTES) {
                throw new IllegalArgumentException("a key is at most " + MAX_KEY_BYTES + " bytes, got " + key.length);
            }
            if (value.length > MAX_VALUE_BYTES) {
                throw new IllegalArgumentException(
                        "a value is at most " + MAX_VALUE_BYTES + " bytes, got " + value.length);
            }
        }

        public static Leaf of(byte[] key, byte[] value) {
            byte[] keyHash = TreeHash.sha256(key);
            return new Leaf(key.clone(), value.clone(), keyHash, TreeHash.leaf(keyHash, TreeHash.sha256(value)));
        }

        @Override
        public byte[] key() {
            return key.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public byte[] keyHash() {
            return keyHash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        /** The hash itself, for the tree's own refs, which never change it. */
        byte[] hashUnsafe() {
            return hash;
        }

        @Override
        public int encodedLength() {
            return 1 + 2 + key.length + 4 + value.length;
        }

        @Override
        public byte[] encode() {
            byte[] out = new byte[encodedLength()];
            out[0] = TreeHash.LEAF_TAG;
            out[1] = (byte) (key.length >>> 8);
            out[2] = (byte) key.length;
            System.arraycopy(key, 0, out, 3, key.length);
            int at = 3 + key.length;
            out[at] = (byte) (value.length >>> 24);
            out[at + 1] = (byte) (value.length >>> 16);
            out[at + 2] = (byte) (value.length >>> 8);
            out[at + 3] = (byte) value.length;
            System.arraycopy(value, 0, out, at + 4, value.length);
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Leaf l && Arrays.equals(l.key, key) && Arrays.equals(l.value, value);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.hashCode(key) + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Leaf[" + key.length + "-byte key, " + value.length + "-byte value]";
        }
    }

    /** Two children, chosen by the path bit at this node's depth (0 left, 1 right). */
    record Internal(NodeRef left, NodeRef right, byte[] hash) implements Node {

        public Internal {
            Objects.requireNonNull(left, "left");
            Objects.requireNonNull(right, "right");
        }

        public static Internal of(NodeRef left, NodeRef right) {
            return new Internal(left, right, TreeHash.internal(left.hashUnsafe(), right.hashUnsafe()));
        }

        NodeRef child(int bit) {
            return bit == 0 ? left : right;
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        /** The hash itself, for the tree's own refs, which never change it. */
        byte[] hashUnsafe() {
            return hash;
        }

        @Override
        public int encodedLength() {
            return 1 + left.encodedLength() + right.encodedLength();
        }

        @Override
        public byte[] encode() {
            byte[] out = new byte[encodedLength()];
            out[0] = TreeHash.INTERNAL_TAG;
            right.write(out, left.write(out, 1));
            return out;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Internal i && i.left.equals(left) && i.right.equals(right);
        }

        @Override
        public int hashCode() {
            return 31 * left.hashCode() + right.hashCode();
        }
    }

    /**
     * Reads what {@link #encode()} wrote, recomputing hashes.
     *
     * @throws IllegalArgumentException when the bytes are not a node
     */
    static Node decode(byte[] bytes) {
        return parse(bytes, 0, bytes.length, null);
    }

    /**
     * Reads what {@link #encode()} wrote, at {@code bytes[offset..offset+length)}, taking the node's own
     * hash as given instead of computing it: for a cache that keeps each node's hash beside its encoding,
     * so that serving a node costs no SHA-256 of it. A leaf's key hash, its path, is still computed (one
     * SHA-256 of the key, where {@link #decode(byte[])} computes three for a leaf). Nothing here checks
     * {@code hash}: the caller vouches that it is the hash of the node these bytes encode, computed when
     * the node was built or first read.
     *
     * @param hash the node's hash, 32 bytes; the node keeps this array, so the caller must not change it
     * @throws IllegalArgumentException when the bytes are not a node or the hash is not 32 bytes
     */
    static Node decodeWithHash(byte[] bytes, int offset, int length, byte[] hash) {
        if (hash.length != TreeHash.LENGTH) {
            throw new IllegalArgumentException("a node's hash is 32 bytes, got " + hash.length);
        }
        if (offset < 0 || length < 0 || offset + length > bytes.length) {
            throw new IllegalArgumentException(
                    "no " + length + " bytes at " + offset + " of an array of " + bytes.length);
        }
        return parse(bytes, offset, offset + length, hash);
    }

    /** {@code hash} is the node's own hash, or {@code null} to compute it. */
    private static Node parse(byte[] bytes, int from, int to, byte[] hash) {
        if (from == to) {
            throw new IllegalArgumentException("empty node encoding");
        }
        int length = to - from;
        if (bytes[from] == TreeHash.LEAF_TAG) {
            if (length < 7) {
                throw new IllegalArgumentException("leaf encoding truncated");
            }
            int keyLength = ((bytes[from + 1] & 0xFF) << 8) | (bytes[from + 2] & 0xFF);
            int at = from + 3 + keyLength;
            if (to < at + 4) {
                throw new IllegalArgumentException("leaf encoding truncated");
            }
            long valueLength = ((long) (bytes[at] & 0xFF) << 24)
                    | ((bytes[at + 1] & 0xFF) << 16)
                    | ((bytes[at + 2] & 0xFF) << 8)
                    | (bytes[at + 3] & 0xFF);
            if (to != at + 4 + valueLength) {
                throw new IllegalArgumentException(
                        "leaf encoding has " + length + " bytes, expected " + (at + 4 + valueLength - from));
            }
            byte[] key = Arrays.copyOfRange(bytes, from + 3, at);
            byte[] value = Arrays.copyOfRange(bytes, at + 4, to);
            return hash == null ? Leaf.of(key, value) : new Leaf(key, value, TreeHash.sha256(key), hash);
        }
        if (bytes[from] == TreeHash.INTERNAL_TAG) {
            NodeRef left = NodeRef.read(bytes, from + 1, to);
            NodeRef right = NodeRef.read(bytes, from + 1 + left.encodedLength(), to);
            if (length != 1 + left.encodedLength() + right.encodedLength()) {
                throw new IllegalArgumentException("internal node encoding has trailing bytes");
            }
            return hash == null ? Internal.of(left, right) : new Internal(left, right, hash);
        }
        throw new IllegalArgumentException("unknown node tag " + bytes[from]);
    }
}
