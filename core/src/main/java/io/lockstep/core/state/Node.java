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
        public byte[] encode() {
            byte[] out = new byte[1 + 2 + key.length + 4 + value.length];
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
        public byte[] encode() {
            byte[] out = new byte[1 + left.encodedLength() + right.encodedLength()];
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
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty node encoding");
        }
        if (bytes[0] == TreeHash.LEAF_TAG) {
            if (bytes.length < 7) {
                throw new IllegalArgumentException("leaf encoding truncated");
            }
            int keyLength = ((bytes[1] & 0xFF) << 8) | (bytes[2] & 0xFF);
            int at = 3 + keyLength;
            if (bytes.length < at + 4) {
                throw new IllegalArgumentException("leaf encoding truncated");
            }
            long valueLength = ((long) (bytes[at] & 0xFF) << 24)
                    | ((bytes[at + 1] & 0xFF) << 16)
                    | ((bytes[at + 2] & 0xFF) << 8)
                    | (bytes[at + 3] & 0xFF);
            if (bytes.length != at + 4 + valueLength) {
                throw new IllegalArgumentException(
                        "leaf encoding has " + bytes.length + " bytes, expected " + (at + 4 + valueLength));
            }
            return Leaf.of(Arrays.copyOfRange(bytes, 3, at), Arrays.copyOfRange(bytes, at + 4, bytes.length));
        }
        if (bytes[0] == TreeHash.INTERNAL_TAG) {
            NodeRef left = NodeRef.read(bytes, 1);
            NodeRef right = NodeRef.read(bytes, 1 + left.encodedLength());
            if (bytes.length != 1 + left.encodedLength() + right.encodedLength()) {
                throw new IllegalArgumentException("internal node encoding has trailing bytes");
            }
            return Internal.of(left, right);
        }
        throw new IllegalArgumentException("unknown node tag " + bytes[0]);
    }
}
