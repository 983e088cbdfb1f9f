package io.lockstep.core.chain;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A proof that an item is at {@code index} in a list of {@code size} items with a given {@link ListRoot}:
 * the hashes of the sibling subtrees on the path from the item's leaf up to the root, lowest first (RFC
 * 6962's audit path). Their number follows from index and size.
 *
 * @param index the item's position
 * @param size the number of items in the list
 * @param siblings the sibling hashes, leaf level first
 */
public record ListProof(int index, int size, List<Hash32> siblings) {

    /** Format version written first in the encoding. */
    public static final int FORMAT = 1;

    private static final int HEADER = 9;

    public ListProof {
        if (size < 1) {
            throw new IllegalArgumentException("a list proof is about a list of at least one item, size " + size);
        }
        if (index < 0 || index >= size) {
            throw new IllegalArgumentException("index " + index + " is not in a list of " + size);
        }
        siblings = List.copyOf(Objects.requireNonNull(siblings, "siblings"));
        int expected = pathLength(index, size);
        if (siblings.size() != expected) {
            throw new IllegalArgumentException("index " + index + " in a list of " + size + " has " + expected
                    + " siblings, got " + siblings.size());
        }
    }

    /** How many siblings the leaf at {@code index} has in a list of {@code size}. */
    static int pathLength(int index, int size) {
        int length = 0;
        while (size > 1) {
            int k = ListRoot.split(size);
            if (index < k) {
                size = k;
            } else {
                index -= k;
                size -= k;
            }
            length++;
        }
        return length;
    }

    /**
     * Whether {@code item} is at {@link #index()} in the list of {@link #size()} items whose root is {@code
     * root}.
     *
     * <p>The root does not commit to the list's length, and one path shape fits several (index, size)
     * pairs: the proof of index 2 in a list of 3 also verifies as index 1 of 2. A true answer proves that
     * the item is in the list; a verifier that relies on the index must know the size from elsewhere
     * (for a block, its number of transactions) and use {@link #verify(Hash32, int, byte[])}.
     */
    public boolean verify(Hash32 root, byte[] item) {
        if (root == null || item == null) {
            return false;
        }
        return climb(ListRoot.leaf(item), index, size, siblings.size()).equals(root);
    }

    /**
     * Whether {@code item} is at {@link #index()} in the list of {@code listSize} items whose root is
     * {@code root}: {@link #verify(Hash32, byte[])} with the size known to the verifier, which binds the
     * index too.
     */
    public boolean verify(Hash32 root, int listSize, byte[] item) {
        return listSize == size && verify(root, item);
    }

    /**
     * The root of the subtree of {@code size} leaves that holds the leaf at {@code index}, rebuilt from the
     * lowest {@code count} siblings.
     */
    private Hash32 climb(Hash32 leaf, int index, int size, int count) {
        if (size == 1) {
            return leaf;
        }
        int k = ListRoot.split(size);
        Hash32 sibling = siblings.get(count - 1);
        if (index < k) {
            return ListRoot.node(climb(leaf, index, k, count - 1), sibling);
        }
        return ListRoot.node(sibling, climb(leaf, index - k, size - k, count - 1));
    }

    /**
     * The wire form: {@code format (0x01) ‖ size (u32 BE) ‖ index (u32 BE) ‖ siblings (32 bytes each,
     * lowest first)}.
     */
    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(HEADER + Hash32.LENGTH * siblings.size());
        out.put((byte) FORMAT).putInt(size).putInt(index);
        for (Hash32 sibling : siblings) {
            out.put(sibling.bytes());
        }
        return out.array();
    }

    /**
     * Reads what {@link #encode()} wrote; strict: an unknown format, a size of 0 or over {@code 2^31 −
     * 1}, an index outside the list, and any length but the exact one are errors.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static ListProof decode(byte[] bytes) {
        Objects.requireNonNull(bytes, "list proof bytes");
        if (bytes.length < HEADER) {
            throw new IllegalArgumentException("a list proof is at least " + HEADER + " bytes, got " + bytes.length);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int format = in.get() & 0xFF;
        if (format != FORMAT) {
            throw new IllegalArgumentException("unknown list proof format " + format);
        }
        long size = Integer.toUnsignedLong(in.getInt());
        long index = Integer.toUnsignedLong(in.getInt());
        if (size < 1 || size > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("list proof size " + size + " is not in [1, 2^31 − 1]");
        }
        if (index >= size) {
            throw new IllegalArgumentException("list proof index " + index + " is not below its size " + size);
        }
        int count = pathLength((int) index, (int) size);
        int expected = HEADER + Hash32.LENGTH * count;
        if (bytes.length != expected) {
            throw new IllegalArgumentException("a list proof for index " + index + " of " + size + " is " + expected
                    + " bytes, got " + bytes.length);
        }
        List<Hash32> siblings = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            siblings.add(
                    Hash32.of(Arrays.copyOfRange(bytes, HEADER + i * Hash32.LENGTH, HEADER + (i + 1) * Hash32.LENGTH)));
        }
        return new ListProof((int) index, (int) size, siblings);
    }
}
