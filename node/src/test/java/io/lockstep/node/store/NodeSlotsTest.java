package io.lockstep.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.core.state.Node;
import io.lockstep.core.state.NodeRef;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The flat slots under the node cache: layout, allocation by level, and reads racing a writer. */
class NodeSlotsTest {

    @Test
    void aSlotHoldsOneVersionsNode() {
        NodeSlots slots = new NodeSlots(5);
        Node.Leaf leaf = Node.Leaf.of(bytes("key"), bytes("value"));
        assertEquals(-1, slots.version(3, 5));
        assertNull(slots.read(3, 5, 0), "an empty slot of version 0's place holds no version 0 node");
        assertTrue(slots.write(3, 5, 0, leaf));
        assertEquals(0, slots.version(3, 5));
        assertEquals(leaf, slots.read(3, 5, 0));
        assertArrayEquals(leaf.hash(), slots.read(3, 5, 0).hash());
        assertNull(slots.read(3, 5, 1));
        assertNull(slots.read(3, 4, 0));
        assertNull(slots.read(2, 5, 0));
        assertEquals(1, slots.used());
        slots.clear(3, 5);
        slots.clear(3, 5);
        assertNull(slots.read(3, 5, 0));
        assertEquals(-1, slots.version(3, 5));
        assertEquals(0, slots.used());
    }

    @Test
    void levelsAreAllocatedWhenTheirFirstNodeIsWritten() {
        NodeSlots slots = new NodeSlots(20);
        assertEquals(0, slots.allocatedBytes());
        Node.Leaf leaf = Node.Leaf.of(bytes("key"), bytes("value"));
        slots.write(2, 3, 7, leaf);
        assertEquals(4 * NodeSlots.SLOT_BYTES, slots.allocatedBytes());
        slots.write(2, 0, 7, leaf);
        slots.write(10, 1023, 7, leaf);
        assertEquals((4 + 1024) * NodeSlots.SLOT_BYTES, slots.allocatedBytes());
        assertEquals(leaf, slots.read(10, 1023, 7));
        slots.clear(15, 0);
        assertEquals((4 + 1024) * NodeSlots.SLOT_BYTES, slots.allocatedBytes(), "clearing allocates nothing");
        assertThrows(IllegalArgumentException.class, () -> new NodeSlots(23));
    }

    @Test
    void theLargestInternalNodeFitsAndALargerLeafDoesNot() {
        NodeSlots slots = new NodeSlots(1);
        Node.Leaf small = Node.Leaf.of(bytes("a"), bytes("1"));
        Node.Internal largest = Node.Internal.of(ref(small, 3), ref(Node.Leaf.of(bytes("b"), bytes("2")), 4));
        assertEquals(NodeSlots.MAX_ENCODING, largest.encodedLength());
        assertTrue(slots.write(0, 0, 5, largest));
        assertEquals(largest, slots.read(0, 0, 5));
        Node.Leaf large = Node.Leaf.of(new byte[20], new byte[57]);
        assertEquals(NodeSlots.MAX_ENCODING + 1, large.encodedLength());
        assertFalse(slots.write(0, 0, 6, large));
        assertNull(slots.read(0, 0, 5), "the slot was emptied");
        assertNull(slots.read(0, 0, 6));
        assertEquals(0, slots.used());
    }

    /**
     * A reader racing a writer that rewrites one slot, over and over, with two different nodes (of the
     * same key, which cannot happen in the store, so that a torn read shows): every read is one of the
     * two whole, with its own hash, or a miss.
     */
    @Test
    void aReadRacingAWriteIsWholeOrAMiss() throws InterruptedException {
        Node.Leaf a = Node.Leaf.of(bytes("a"), bytes("1"));
        Node.Leaf b = Node.Leaf.of(bytes("b"), bytes("22"));
        Node.Internal both = Node.Internal.of(ref(a, 1), ref(b, 2));
        Node.Internal oneSided = Node.Internal.of(NodeRef.EMPTY, ref(both, 3));
        List<Node> written = List.of(both, oneSided, b);
        NodeSlots slots = new NodeSlots(0);
        slots.write(0, 0, 9, both);

        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLongArray seen = new AtomicLongArray(written.size() + 1);
        Thread reader = new Thread(
                () -> {
                    try {
                        while (!done.get()) {
                            Node read = slots.read(0, 0, 9);
                            seen.incrementAndGet(read == null ? written.size() : whichOf(written, read));
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                },
                "node-slot-reader");
        reader.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        int writes = 0;
        try {
            // Until the reader has seen each node a few times, and at least a million writes.
            while (failure.get() == null && (writes < 1_000_000 || !eachSeen(seen, written.size()))) {
                if (System.nanoTime() > deadline) {
                    fail("the reader saw " + seen + " in " + writes + " writes");
                }
                slots.write(0, 0, 9, written.get(writes++ % written.size()));
            }
        } finally {
            done.set(true);
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
        if (failure.get() != null) {
            fail("a read racing the writer returned a torn node", failure.get());
        }
    }

    private static int whichOf(List<Node> nodes, Node read) {
        for (int i = 0; i < nodes.size(); i++) {
            if (nodes.get(i).equals(read)) {
                if (!Arrays.equals(nodes.get(i).hash(), read.hash())) {
                    throw new AssertionError("node " + i + " read with another node's hash");
                }
                return i;
            }
        }
        throw new AssertionError("read a node that was never written: " + read);
    }

    private static boolean eachSeen(AtomicLongArray seen, int nodes) {
        for (int i = 0; i < nodes; i++) {
            if (seen.get(i) < 3) {
                return false;
            }
        }
        return true;
    }

    private static NodeRef ref(Node node, long version) {
        // A ref as a parent holds it: kind, version, hash.
        byte[] encoded = new byte[41];
        encoded[0] = (byte) (node instanceof Node.Leaf ? 1 : 2);
        ByteBuffer.wrap(encoded, 1, 40).putLong(version).put(node.hash());
        return NodeRef.decode(encoded);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
