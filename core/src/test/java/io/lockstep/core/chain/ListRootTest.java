package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** List roots and their proofs for every list length up to 33, against a bottom-up reference. */
class ListRootTest {

    private static final int MAX_SIZE = 33;

    private static List<byte[]> items(int n) {
        List<byte[]> items = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            // Lengths vary so that no two items, and no item and a node, are alike.
            items.add(("item-" + i + "-" + "x".repeat(i % 5)).getBytes(StandardCharsets.US_ASCII));
        }
        return items;
    }

    private static byte[] sha256(byte tag, byte[]... parts) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(tag);
            for (byte[] part : parts) {
                digest.update(part);
            }
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The same tree built bottom-up: pair neighbours left to right and carry an odd last node up a level
     * unchanged. For RFC 6962 trees this equals splitting at the largest power of two below n.
     */
    private static Hash32 bottomUp(List<byte[]> items) {
        if (items.isEmpty()) {
            return Hash32.ZERO;
        }
        List<byte[]> level = new ArrayList<>();
        for (byte[] item : items) {
            level.add(sha256((byte) 0, item));
        }
        while (level.size() > 1) {
            List<byte[]> next = new ArrayList<>();
            for (int i = 0; i + 1 < level.size(); i += 2) {
                next.add(sha256((byte) 1, level.get(i), level.get(i + 1)));
            }
            if (level.size() % 2 == 1) {
                next.add(level.get(level.size() - 1));
            }
            level = next;
        }
        return Hash32.of(level.get(0));
    }

    @Test
    void smallRootsFollowTheDefinition() {
        List<byte[]> items = items(5);
        byte[][] leaf = new byte[5][];
        for (int i = 0; i < 5; i++) {
            leaf[i] = sha256((byte) 0, items.get(i));
        }
        assertEquals(Hash32.ZERO, ListRoot.of(List.of()));
        assertEquals(Hash32.of(leaf[0]), ListRoot.of(items.subList(0, 1)));
        assertEquals(Hash32.of(sha256((byte) 1, leaf[0], leaf[1])), ListRoot.of(items.subList(0, 2)));
        assertEquals(
                Hash32.of(sha256((byte) 1, sha256((byte) 1, leaf[0], leaf[1]), leaf[2])),
                ListRoot.of(items.subList(0, 3)));
        byte[] four = sha256((byte) 1, sha256((byte) 1, leaf[0], leaf[1]), sha256((byte) 1, leaf[2], leaf[3]));
        assertEquals(Hash32.of(sha256((byte) 1, four, leaf[4])), ListRoot.of(items));
        assertEquals(
                Hash32.fromHex("0x6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
                ListRoot.of(List.of(new byte[0])),
                "SHA-256 of the single byte 0x00, as RFC 6962's empty-leaf hash");
    }

    @Test
    void everyProofVerifiesAndNothingElseDoes() {
        int sizeOnlyTampers = 0;
        for (int n = 1; n <= MAX_SIZE; n++) {
            List<byte[]> items = items(n);
            Hash32 root = ListRoot.of(items);
            assertEquals(bottomUp(items), root, "n = " + n);
            for (int i = 0; i < n; i++) {
                ListProof proof = ListRoot.prove(items, i);
                String where = "n = " + n + " index " + i;
                assertEquals(i, proof.index(), where);
                assertEquals(n, proof.size(), where);
                assertTrue(proof.verify(root, items.get(i)), where);
                assertTrue(proof.verify(root, n, items.get(i)), where);
                assertFalse(proof.verify(root, n + 1, items.get(i)), where);
                if (n > 1) {
                    assertFalse(proof.verify(root, items.get((i + 1) % n)), where);
                }
                assertFalse(proof.verify(root, "other".getBytes(StandardCharsets.US_ASCII)), where);
                assertFalse(proof.verify(Hash32.ZERO, items.get(i)), where);
                assertFalse(proof.verify(null, items.get(i)), where);
                assertEquals(proof, ListProof.decode(proof.encode()), where);
                assertEquals(9 + 32 * proof.siblings().size(), proof.encode().length, where);
                sizeOnlyTampers += assertTampersFail(proof, root, items.get(i), where);
            }
            assertThrows(IndexOutOfBoundsException.class, () -> ListRoot.prove(items, items.size()));
            assertThrows(IndexOutOfBoundsException.class, () -> ListRoot.prove(items, -1));
        }
        assertThrows(IndexOutOfBoundsException.class, () -> ListRoot.prove(List.of(), 0));
        assertTrue(sizeOnlyTampers > 0, "the root's known limit should show: some size tampers verify without a size");
    }

    /**
     * Every single-byte change of the encoding is refused by the decoder or fails to verify against the
     * true size. Without the size, only a change of size or index that keeps the path's shape may still
     * verify: the documented limit of a root that does not commit to its length.
     */
    private static int assertTampersFail(ListProof proof, Hash32 root, byte[] item, String where) {
        int sizeOnly = 0;
        byte[] encoded = proof.encode();
        for (int at = 0; at < encoded.length; at++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] tampered = encoded.clone();
                tampered[at] ^= (byte) mask;
                ListProof changed;
                try {
                    changed = ListProof.decode(tampered);
                } catch (IllegalArgumentException e) {
                    continue;
                }
                String what = where + " byte " + at + " ^ " + mask;
                assertFalse(changed.verify(root, proof.size(), item), what);
                if (changed.verify(root, item)) {
                    assertTrue(at >= 1 && at < 9, what + ": only size or index may change");
                    assertEquals(shape(proof), shape(changed), what);
                    assertNotEquals(proof.size(), changed.size(), what);
                    sizeOnly++;
                }
            }
        }
        return sizeOnly;
    }

    /** Left (0) or right (1) at each level from the root down, for the proof's index and size. */
    private static List<Integer> shape(ListProof proof) {
        List<Integer> turns = new ArrayList<>();
        int index = proof.index();
        int size = proof.size();
        while (size > 1) {
            int k = Integer.highestOneBit(size - 1);
            turns.add(index < k ? 0 : 1);
            if (index < k) {
                size = k;
            } else {
                index -= k;
                size -= k;
            }
        }
        return turns;
    }

    @Test
    void decodingIsStrict() {
        List<byte[]> items = items(6);
        ListProof proof = ListRoot.prove(items, 4);
        byte[] valid = proof.encode();
        assertRefused(new byte[0], "at least 9 bytes");
        assertRefused(withByte(valid, 0, 2), "unknown list proof format 2");
        assertRefused(Arrays.copyOf(valid, valid.length + 1), "is " + valid.length + " bytes, got");
        assertRefused(Arrays.copyOf(valid, valid.length - 1), "is " + valid.length + " bytes, got");
        assertRefused(header(0, 0, 0), "size 0 is not in");
        assertRefused(header(0x8000_0000, 0, 0), "size 2147483648 is not in");
        assertRefused(header(6, 6, 3), "index 6 is not below its size 6");
        assertRefused(header(6, 0xFFFF_FFFF, 3), "index 4294967295 is not below");
        assertEquals(ListProof.decode(header(1, 0, 0)), new ListProof(0, 1, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ListProof(0, 2, List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ListProof(2, 2, List.of(Hash32.ZERO)));
        assertThrows(NullPointerException.class, () -> ListProof.decode(null));
    }

    private static byte[] withByte(byte[] bytes, int at, int value) {
        byte[] out = bytes.clone();
        out[at] = (byte) value;
        return out;
    }

    private static byte[] header(int size, int index, int siblings) {
        return ByteBuffer.allocate(9 + 32 * siblings)
                .put((byte) 1)
                .putInt(size)
                .putInt(index)
                .array();
    }

    private static void assertRefused(byte[] bytes, String part) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ListProof.decode(bytes));
        assertTrue(e.getMessage().contains(part), "'" + e.getMessage() + "' should mention '" + part + "'");
    }

    @Test
    void transactionsAndReceiptsRootsAreListRootsOfTheirEncodings() {
        SignedTransaction a = TransactionDecoder.decode(Fixtures.transfer());
        SignedTransaction b = TransactionDecoder.decode(Fixtures.legacy(1, Fixtures.RECIPIENT, BigInteger.ONE, "0x"));
        assertEquals(ListRoot.of(List.of(a.raw(), b.raw())), ListRoot.ofTransactions(List.of(a, b)));
        assertNotEquals(ListRoot.ofTransactions(List.of(a, b)), ListRoot.ofTransactions(List.of(b, a)));
        Receipt receipt = new RandomChainValues(6962).receipt();
        assertEquals(ListRoot.of(List.of(receipt.encode())), ListRoot.ofReceipts(List.of(receipt)));
        assertEquals(Hash32.ZERO, ListRoot.ofReceipts(List.of()));
        assertArrayEquals(ListRoot.leaf(receipt.encode()).bytes(), sha256((byte) 0, receipt.encode()));
    }
}
