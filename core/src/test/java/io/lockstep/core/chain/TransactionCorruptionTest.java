package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;

/**
 * Seeded random corruption of valid transactions: the decoder either refuses with its own exception or
 * returns a transaction that is exactly its input, as Web3j's encoder writes it again from the fields.
 */
class TransactionCorruptionTest {

    private static final long SEED = 0x5EED_C0DEL;
    private static final int ROUNDS = 4_000;

    private static List<byte[]> originals() {
        return List.of(
                Fixtures.transfer(),
                Fixtures.legacy(300, Fixtures.RECIPIENT, BigInteger.valueOf(255), "0xdeadbeef"),
                Fixtures.legacy(0, "", BigInteger.ZERO, "0x0061736d0100000001"),
                Fixtures.eip1559(
                        1,
                        Fixtures.RECIPIENT,
                        BigInteger.ZERO,
                        "0x00",
                        List.of(new AccessListObject(
                                "0x00000000000000000000000000000000000000c1",
                                List.of("0x0000000000000000000000000000000000000000000000000000000000000001")))));
    }

    @Test
    void corruptedEncodingsAreRefusedOrDecodeToExactlyThemselves() {
        SplittableRandom random = new SplittableRandom(SEED);
        List<byte[]> originals = originals();
        Map<TxRejection, Integer> reasons = new EnumMap<>(TxRejection.class);
        int decoded = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] original = originals.get(random.nextInt(originals.size()));
            byte[] corrupt = corrupt(original, random);
            SignedTransaction tx;
            try {
                tx = TransactionDecoder.decode(corrupt);
            } catch (InvalidTransactionException e) {
                reasons.merge(e.reason(), 1, Integer::sum);
                continue;
            } catch (RuntimeException | Error e) {
                throw new AssertionError("seed " + SEED + " round " + round + ": " + e + " for 0x" + hex(corrupt), e);
            }
            decoded++;
            assertArrayEquals(corrupt, tx.raw(), "seed " + SEED + " round " + round);
            byte[] again = Fixtures.reencode(tx);
            if (!Arrays.equals(corrupt, again)) {
                fail("seed " + SEED + " round " + round + ": 0x" + hex(corrupt) + " decoded but re-encodes as 0x"
                        + hex(again));
            }
        }
        System.out.println("TransactionCorruptionTest seed=" + SEED + " rounds=" + ROUNDS + " decoded=" + decoded
                + " refused=" + reasons);
        // The corruption reaches past the RLP layer: some inputs still parse and fail later checks.
        assertTrue(reasons.getOrDefault(TxRejection.MALFORMED, 0) > 0, "seed " + SEED + ": " + reasons);
        assertTrue(reasons.size() >= 3, "seed " + SEED + ": only " + reasons);
        assertTrue(decoded > 0, "seed " + SEED + ": no corruption kept a decodable transaction");
    }

    private static byte[] corrupt(byte[] original, SplittableRandom random) {
        byte[] bytes = original.clone();
        int edits = 1 + random.nextInt(3);
        for (int i = 0; i < edits; i++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] = (byte) random.nextInt(256);
                case 1 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes = Arrays.copyOf(bytes, at + 1);
                case 3 -> {
                    byte[] longer = new byte[bytes.length + 1];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    longer[at] = (byte) random.nextInt(256);
                    System.arraycopy(bytes, at, longer, at + 1, bytes.length - at);
                    bytes = longer;
                }
                case 4 -> {
                    if (bytes.length > 1) {
                        byte[] shorter = new byte[bytes.length - 1];
                        System.arraycopy(bytes, 0, shorter, 0, at);
                        System.arraycopy(bytes, at + 1, shorter, at, bytes.length - at - 1);
                        bytes = shorter;
                    }
                }
                default -> bytes[at] = (byte) (random.nextBoolean() ? 0x00 : 0x80);
            }
        }
        return bytes;
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xFF));
        }
        return out.toString();
    }
}
