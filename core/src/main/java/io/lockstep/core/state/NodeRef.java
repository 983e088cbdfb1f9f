package io.lockstep.core.state;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A pointer to a subtree: what it is, the version that wrote its top node, and its hash. A version's root
 * is a {@code NodeRef}; so is each child of an internal node. The node itself is found at
 * {@code new NodeKey(version, depth, path)}.
 */
public final class NodeRef {

    /** What a subtree is. */
    public enum Kind {
        EMPTY,
        LEAF,
        INTERNAL
    }

    /** The empty tree. */
    public static final NodeRef EMPTY = new NodeRef(Kind.EMPTY, 0, TreeHash.empty());

    private final Kind kind;
    private final long version;
    private final byte[] hash;

    private NodeRef(Kind kind, long version, byte[] hash) {
        this.kind = kind;
        this.version = version;
        this.hash = hash;
    }

    /**
     * The ref to {@code node}, written by {@code version}. It shares the node's hash array: neither
     * changes it, and a block's update creates some ten thousand refs, most of which the store's cache
     * then keeps beside their nodes.
     */
    static NodeRef to(Node node, long version) {
        return new NodeRef(node instanceof Node.Leaf ? Kind.LEAF : Kind.INTERNAL, version, hashOf(node));
    }

    /** {@code node}'s hash array itself, not a copy; for reading only. */
    static byte[] hashOf(Node node) {
        return node instanceof Node.Leaf leaf ? leaf.hashUnsafe() : ((Node.Internal) node).hashUnsafe();
    }

    public Kind kind() {
        return kind;
    }

    public boolean isEmpty() {
        return kind == Kind.EMPTY;
    }

    /** The version that wrote the node; 0 for {@link #EMPTY}. */
    public long version() {
        return version;
    }

    /** The subtree's hash: for a root, the state root. */
    public byte[] hash() {
        return hash.clone();
    }

    byte[] hashUnsafe() {
        return hash;
    }

    /** Encoding: kind (1 byte: 0 empty, 1 leaf, 2 internal), then for non-empty version (8) ‖ hash (32). */
    public byte[] encode() {
        if (kind == Kind.EMPTY) {
            return new byte[] {0};
        }
        byte[] out = new byte[41];
        write(out, 0);
        return out;
    }

    int write(byte[] out, int offset) {
        out[offset] = (byte) kind.ordinal();
        if (kind == Kind.EMPTY) {
            return offset + 1;
        }
        ByteBuffer.wrap(out, offset + 1, 40).putLong(version).put(hash);
        return offset + 41;
    }

    int encodedLength() {
        return kind == Kind.EMPTY ? 1 : 41;
    }

    /** Reads what {@link #encode()} wrote. */
    public static NodeRef decode(byte[] bytes) {
        NodeRef ref = read(bytes, 0, bytes.length);
        if (ref.encodedLength() != bytes.length) {
            throw new IllegalArgumentException(
                    "a node reference has " + bytes.length + " bytes, expected " + ref.encodedLength());
        }
        return ref;
    }

    /** Reads a ref at {@code offset}, which with all its bytes must lie before {@code end}. */
    static NodeRef read(byte[] bytes, int offset, int end) {
        if (offset >= end) {
            throw new IllegalArgumentException("node reference truncated");
        }
        int kind = bytes[offset];
        if (kind == 0) {
            return EMPTY;
        }
        if (kind != 1 && kind != 2) {
            throw new IllegalArgumentException("unknown node kind " + kind);
        }
        if (offset + 41 > end) {
            throw new IllegalArgumentException("node reference truncated");
        }
        long version = ByteBuffer.wrap(bytes, offset + 1, 8).getLong();
        byte[] hash = Arrays.copyOfRange(bytes, offset + 9, offset + 41);
        return new NodeRef(kind == 1 ? Kind.LEAF : Kind.INTERNAL, version, hash);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeRef r && r.kind == kind && r.version == version && Arrays.equals(r.hash, hash);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, version, Arrays.hashCode(hash));
    }

    @Override
    public String toString() {
        return kind == Kind.EMPTY
                ? "NodeRef[empty]"
                : "NodeRef[" + kind + " v" + version + " " + HexFormat.of().formatHex(hash) + "]";
    }
}
