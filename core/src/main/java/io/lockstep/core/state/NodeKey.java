package io.lockstep.core.state;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Where a node is stored: the version that wrote it, its depth, and the first {@code depth} bits of the
 * path leading to it (the rest zeroed). A node is never overwritten: a later version writes a new node
 * under its own version, and the old one stays readable until it is pruned.
 */
public final class NodeKey implements Comparable<NodeKey> {

    private final long version;
    private final int depth;
    private final byte[] path;

    public NodeKey(long version, int depth, byte[] anyPathBelow) {
        if (version < 0) {
            throw new IllegalArgumentException("version must not be negative: " + version);
        }
        if (depth < 0 || depth > 256) {
            throw new IllegalArgumentException("depth must be 0..256: " + depth);
        }
        Objects.requireNonNull(anyPathBelow, "path");
        if (anyPathBelow.length != TreeHash.LENGTH) {
            throw new IllegalArgumentException("a path is 32 bytes, got " + anyPathBelow.length);
        }
        this.version = version;
        this.depth = depth;
        this.path = new byte[(depth + 7) >>> 3];
        System.arraycopy(anyPathBelow, 0, this.path, 0, this.path.length);
        if ((depth & 7) != 0) {
            this.path[this.path.length - 1] &= (byte) (0xFF << (8 - (depth & 7)));
        }
    }

    public long version() {
        return version;
    }

    public int depth() {
        return depth;
    }

    /**
     * The path's first {@code min(depth, 63)} bits as the low bits of a long, most significant path bit
     * highest: for a depth up to 63, with the depth, where the node sits (a cache can index by it).
     */
    public long pathBits() {
        int bits = Math.min(depth, 63);
        long value = 0;
        for (int i = 0; i < (bits + 7) >>> 3; i++) {
            value = value << 8 | (path[i] & 0xFF);
        }
        int spare = ((bits + 7) >>> 3) * 8 - bits;
        return value >>> spare;
    }

    /**
     * The storage encoding: version (8 bytes, big-endian), depth (2 bytes, big-endian), then the path's
     * first {@code ceil(depth / 8)} bytes. Sorted as unsigned bytes, keys group by version, which is what
     * pruning walks.
     */
    public byte[] encode() {
        return ByteBuffer.allocate(10 + path.length)
                .putLong(version)
                .putShort((short) depth)
                .put(path)
                .array();
    }

    /** Reads what {@link #encode()} wrote. */
    public static NodeKey decode(byte[] bytes) {
        if (bytes.length < 10) {
            throw new IllegalArgumentException("a node key is at least 10 bytes, got " + bytes.length);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        long version = buffer.getLong();
        int depth = Short.toUnsignedInt(buffer.getShort());
        if (depth > 256 || bytes.length != 10 + ((depth + 7) >>> 3)) {
            throw new IllegalArgumentException("malformed node key of " + bytes.length + " bytes, depth " + depth);
        }
        byte[] path = new byte[TreeHash.LENGTH];
        System.arraycopy(bytes, 10, path, 0, bytes.length - 10);
        NodeKey key = new NodeKey(version, depth, path);
        if (!Arrays.equals(key.path, Arrays.copyOfRange(bytes, 10, bytes.length))) {
            throw new IllegalArgumentException("node key path has bits set below depth " + depth);
        }
        return key;
    }

    @Override
    public int compareTo(NodeKey other) {
        // The order of the encodings (versions are never negative), without building them.
        int byVersion = Long.compare(version, other.version);
        if (byVersion != 0) {
            return byVersion;
        }
        int byDepth = Integer.compare(depth, other.depth);
        return byDepth != 0 ? byDepth : Arrays.compareUnsigned(path, other.path);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NodeKey k && k.version == version && k.depth == depth && Arrays.equals(k.path, path);
    }

    @Override
    public int hashCode() {
        // Stores and caches keep hundreds of thousands of keys in hash maps. A polynomial hash of a path
        // of two or three bytes has far fewer values than there are such paths, and the many keys of
        // one version differ in their paths alone; mixing all the bits spreads them.
        long h = version * 0x9E3779B97F4A7C15L + depth;
        for (byte b : path) {
            h = (h << 8 | (h >>> 56)) ^ (b & 0xFF);
            h *= 0xBF58476D1CE4E5B9L;
        }
        h ^= h >>> 31;
        h *= 0x94D049BB133111EBL;
        return (int) (h ^ (h >>> 32));
    }

    @Override
    public String toString() {
        return "NodeKey[v" + version + " d" + depth + " " + HexFormat.of().formatHex(path) + "]";
    }
}
