package io.lockstep.core.state;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The node encoding as caches use it: its length up front, and decoding with a hash kept beside it. */
class NodeTest {

    private static final Node.Leaf LEAF = Node.Leaf.of(bytes("account"), bytes("balance 10"));
    private static final Node.Leaf OTHER = Node.Leaf.of(bytes("slot"), new byte[300]);
    private static final Node.Internal BOTH = Node.Internal.of(NodeRef.to(LEAF, 4), NodeRef.to(OTHER, 9));
    private static final Node.Internal ONE_SIDED = Node.Internal.of(NodeRef.EMPTY, NodeRef.to(BOTH, 9));

    @Test
    void theEncodedLengthIsTheEncodingsLength() {
        for (Node node : List.of(LEAF, OTHER, BOTH, ONE_SIDED, Node.Leaf.of(new byte[0], new byte[0]))) {
            assertEquals(node.encode().length, node.encodedLength(), node.toString());
        }
        assertEquals(83, BOTH.encodedLength(), "an internal node with two children is the largest");
        assertEquals(43, ONE_SIDED.encodedLength());
    }

    @Test
    void decodingWithAKnownHashGivesTheNodeDecodingComputes() {
        for (Node node : List.of(LEAF, OTHER, BOTH, ONE_SIDED)) {
            Node decoded = decodeWithHash(node.encode(), node.hash());
            assertEquals(Node.decode(node.encode()), decoded, node.toString());
            assertEquals(node, decoded);
            assertArrayEquals(node.hash(), decoded.hash());
            assertEquals(node.getClass(), decoded.getClass());
        }
        Node.Leaf leaf = (Node.Leaf) decodeWithHash(LEAF.encode(), LEAF.hash());
        assertArrayEquals(LEAF.keyHash(), leaf.keyHash(), "the key hash is the leaf's path");
        assertArrayEquals(LEAF.key(), leaf.key());
        assertArrayEquals(LEAF.value(), leaf.value());
    }

    @Test
    void theGivenHashIsTakenAsItIs() {
        // Not recomputed: that is the point of it, and why its caller must vouch for it.
        byte[] given = new byte[TreeHash.LENGTH];
        Arrays.fill(given, (byte) 0x5A);
        Node decoded = decodeWithHash(BOTH.encode(), given);
        assertArrayEquals(given, decoded.hash());
        assertFalse(Arrays.equals(BOTH.hash(), decoded.hash()));
    }

    @Test
    void aNodeIsDecodedFromWithinALargerArray() {
        byte[] encoding = ONE_SIDED.encode();
        byte[] around = new byte[encoding.length + 20];
        Arrays.fill(around, (byte) 2);
        System.arraycopy(encoding, 0, around, 7, encoding.length);
        assertEquals(ONE_SIDED, Node.decodeWithHash(around, 7, encoding.length, ONE_SIDED.hash()));
        // The bytes after the node are not read, even where they could continue it.
        byte[] leaf = LEAF.encode();
        byte[] longer = Arrays.copyOf(leaf, leaf.length + 10);
        assertThrows(
                IllegalArgumentException.class, () -> Node.decodeWithHash(longer, 0, leaf.length - 1, LEAF.hash()));
        byte[] internal = BOTH.encode();
        assertThrows(
                IllegalArgumentException.class,
                () -> Node.decodeWithHash(Arrays.copyOf(internal, 100), 0, 82, BOTH.hash()));
        assertThrows(IllegalArgumentException.class, () -> Node.decodeWithHash(around, 30, 60, BOTH.hash()));
        assertThrows(IllegalArgumentException.class, () -> Node.decodeWithHash(around, -1, 10, BOTH.hash()));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> decodeWithHash(LEAF.encode(), new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> decodeWithHash(new byte[0], LEAF.hash()));
        assertThrows(IllegalArgumentException.class, () -> decodeWithHash(new byte[] {7}, LEAF.hash()));
        byte[] truncated = Arrays.copyOf(BOTH.encode(), 82);
        assertThrows(IllegalArgumentException.class, () -> decodeWithHash(truncated, BOTH.hash()));
        byte[] longer = Arrays.copyOf(LEAF.encode(), LEAF.encodedLength() + 1);
        assertThrows(IllegalArgumentException.class, () -> decodeWithHash(longer, LEAF.hash()));
    }

    private static Node decodeWithHash(byte[] encoding, byte[] hash) {
        return Node.decodeWithHash(encoding, 0, encoding.length, hash);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
