package io.lockstep.node.store;

import io.lockstep.core.state.Node;
import io.lockstep.core.state.TreeHash;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The node cache's memory: one slot of {@value #SLOT_BYTES} bytes per tree position, holding a node's
 * version, hash and encoding as bytes, in one array per level of the tree. A million cached nodes are
 * then some twenty arrays that a collection never scans (they hold no references) and never copies (G1,
 * the JVM's default collector, allocates an array of half a region or more straight in the old
 * generation), where decoded nodes were several million objects, some thirteen thousand new nodes each
 * block, each copied by young collections on its way to the old generation. A read builds a new node
 * from the bytes; it dies young, which costs a collection nothing.
 *
 * <p>Slot layout: version (8 bytes), sequence (4, odd while the slot is written), encoding length (1; 0
 * for an empty slot), the node's hash (32), its {@link Node#encode() encoding} (up to {@value
 * #MAX_ENCODING} bytes: an internal node with two children, the largest, fits exactly; a leaf fits when
 * its key and value together take at most 76 bytes).
 *
 * <p>A level's array is allocated the first time a node of that level is written, so a small state uses
 * only the small arrays of the top levels; then it stays for the life of the store.
 *
 * <p>One writer at a time (the cache's lock), readers at any time without a lock: a writer makes the
 * sequence odd, writes, and makes it even again; a reader decodes the slot between two reads of the
 * sequence and gives up (a miss) when they differ or the first is odd, as a seqlock does. A reader thus
 * never returns a node made of half of one node's bytes and half of another's.
 */
final class NodeSlots {

    /** Bytes per slot: 127 for the header and the largest encoding, rounded up to a power of two. */
    static final int SLOT_BYTES = 128;

    private static final int VERSION = 0;
    private static final int SEQUENCE = 8;
    private static final int LENGTH = 12;
    private static final int HASH = 13;
    private static final int ENCODING = HASH + TreeHash.LENGTH;

    /** The longest encoding a slot holds: 83 bytes, the encoding of an internal node with two children. */
    static final int MAX_ENCODING = SLOT_BYTES - ENCODING;

    // Aligned: slots start at multiples of 128 from the array's first element, itself at a multiple of 8
    // in memory, which the acquire and release accesses of the sequence need.
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.nativeOrder());
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final AtomicReferenceArray<byte[]> levels;
    private volatile int used;

    /** @param maxDepth the deepest level, 0..22; -1 for none */
    NodeSlots(int maxDepth) {
        if (maxDepth < -1 || maxDepth > 22) {
            throw new IllegalArgumentException("node slots go down to depth -1..22, got " + maxDepth);
        }
        this.levels = new AtomicReferenceArray<>(maxDepth + 1);
    }

    /**
     * The node in slot {@code position} of level {@code depth} when the slot holds {@code version}'s
     * node, decoded anew; otherwise, or when a writer was writing the slot meanwhile, {@code null}.
     */
    Node read(int depth, long position, long version) {
        byte[] level = levels.get(depth);
        if (level == null) {
            return null;
        }
        int at = offset(position);
        int before = (int) INT.getAcquire(level, at + SEQUENCE);
        int length = level[at + LENGTH];
        if ((before & 1) != 0 || length == 0 || (long) LONG.get(level, at + VERSION) != version) {
            return null;
        }
        byte[] hash = Arrays.copyOfRange(level, at + HASH, at + HASH + TreeHash.LENGTH);
        Node node;
        try {
            node = Node.decodeWithHash(level, at + ENCODING, length, hash);
        } catch (IllegalArgumentException e) {
            node = null; // torn by a writer, as the sequence shows; or else a slot that holds no node
        }
        // The reads above happen before the sequence is read again (StampedLock validates the same way).
        VarHandle.acquireFence();
        if ((int) INT.getVolatile(level, at + SEQUENCE) != before) {
            return null;
        }
        if (node == null) {
            throw new IllegalStateException("node cache slot " + position + " at depth " + depth + " holds no node");
        }
        return node;
    }

    /** The version whose node the slot holds, or -1 when it holds none. For the writer. */
    long version(int depth, long position) {
        byte[] level = levels.get(depth);
        if (level == null) {
            return -1;
        }
        int at = offset(position);
        return level[at + LENGTH] == 0 ? -1 : (long) LONG.get(level, at + VERSION);
    }

    /**
     * Puts {@code node} of {@code version} in the slot, in place of what it held; a node whose encoding is
     * longer than {@value #MAX_ENCODING} bytes (a large leaf) leaves the slot empty instead. For the
     * writer.
     *
     * @return whether the slot now holds the node
     */
    boolean write(int depth, long position, long version, Node node) {
        if (node.encodedLength() > MAX_ENCODING) {
            clear(depth, position);
            return false;
        }
        return write(depth, position, version, node.hash(), node.encode());
    }

    /**
     * {@link #write(int, long, long, Node)} of the node whose hash and encoding these are, for a caller
     * that has the encoding already.
     */
    boolean write(int depth, long position, long version, byte[] hash, byte[] encoding) {
        if (encoding.length > MAX_ENCODING) {
            clear(depth, position);
            return false;
        }
        byte[] level = level(depth);
        int at = offset(position);
        boolean wasEmpty = level[at + LENGTH] == 0;
        int sequence = begin(level, at);
        LONG.set(level, at + VERSION, version);
        level[at + LENGTH] = (byte) encoding.length;
        System.arraycopy(hash, 0, level, at + HASH, TreeHash.LENGTH);
        System.arraycopy(encoding, 0, level, at + ENCODING, encoding.length);
        end(level, at, sequence);
        if (wasEmpty) {
            used++;
        }
        return true;
    }

    /** Empties the slot. For the writer. */
    void clear(int depth, long position) {
        byte[] level = levels.get(depth);
        if (level == null) {
            return;
        }
        int at = offset(position);
        if (level[at + LENGTH] == 0) {
            return;
        }
        int sequence = begin(level, at);
        level[at + LENGTH] = 0;
        end(level, at, sequence);
        used--;
    }

    /** Slots holding a node. */
    int used() {
        return used;
    }

    /** Bytes of the level arrays allocated so far. */
    long allocatedBytes() {
        long bytes = 0;
        for (int depth = 0; depth < levels.length(); depth++) {
            byte[] level = levels.get(depth);
            bytes += level == null ? 0 : level.length;
        }
        return bytes;
    }

    private byte[] level(int depth) {
        byte[] level = levels.get(depth);
        if (level == null) {
            level = new byte[(1 << depth) * SLOT_BYTES];
            levels.set(depth, level);
        }
        return level;
    }

    /** Makes the sequence odd: readers from now on give up on the slot. */
    private static int begin(byte[] level, int at) {
        int sequence = (int) INT.get(level, at + SEQUENCE) + 1;
        INT.setOpaque(level, at + SEQUENCE, sequence);
        // The slot's bytes are written after the odd sequence is visible, never before.
        VarHandle.releaseFence();
        return sequence;
    }

    /** Makes the sequence even again, after the slot's bytes. */
    private static void end(byte[] level, int at, int sequence) {
        INT.setRelease(level, at + SEQUENCE, sequence + 1);
    }

    private static int offset(long position) {
        return (int) position * SLOT_BYTES;
    }
}
