package io.lockstep.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What caches and stores rely on: node keys spread in hash maps, and the position a key names. */
class NodeKeyTest {

    @Test
    void theKeysOfOneVersionAndDepthSpreadInHashMaps() {
        // Every position at depth 16 of one version: 65,536 keys that differ only in a two-byte path.
        Set<Integer> hashes = new HashSet<>();
        byte[] path = new byte[32];
        for (int position = 0; position < 1 << 16; position++) {
            path[0] = (byte) (position >>> 8);
            path[1] = (byte) position;
            hashes.add(new NodeKey(7, 16, path).hashCode());
        }
        // A polynomial hash of two bytes has about 8,000 values here; a random function about 65,000.
        assertTrue(hashes.size() > 65_000, "distinct hash codes: " + hashes.size());
    }

    @Test
    void equalKeysHashAlike() {
        byte[] a = new byte[32];
        byte[] b = new byte[32];
        a[2] = (byte) 0xE4;
        b[2] = (byte) 0xE5; // differs only in bit 23, below the depth
        assertEquals(new NodeKey(3, 23, a), new NodeKey(3, 23, b));
        assertEquals(new NodeKey(3, 23, a).hashCode(), new NodeKey(3, 23, b).hashCode());
    }

    @Test
    void pathBitsAreThePositionAtTheKeysDepth() {
        byte[] path = new byte[32];
        path[0] = (byte) 0b1011_0010;
        path[1] = (byte) 0b0111_1111;
        path[2] = (byte) 0b1100_0000;
        assertEquals(0, new NodeKey(1, 0, path).pathBits());
        assertEquals(0b1, new NodeKey(1, 1, path).pathBits());
        assertEquals(0b1011, new NodeKey(1, 4, path).pathBits());
        assertEquals(0b1011_0010, new NodeKey(1, 8, path).pathBits());
        assertEquals(0b1011_0010_0111_1111_1L, new NodeKey(1, 17, path).pathBits());
        byte[] ones = new byte[32];
        java.util.Arrays.fill(ones, (byte) 0xFF);
        assertEquals(Long.MAX_VALUE, new NodeKey(1, 63, ones).pathBits());
        assertEquals(Long.MAX_VALUE, new NodeKey(1, 200, ones).pathBits(), "past 63 bits, the first 63");
    }
}
