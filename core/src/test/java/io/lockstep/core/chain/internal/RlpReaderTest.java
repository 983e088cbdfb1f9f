package io.lockstep.core.chain.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/** The strict reader refuses what Web3j's decoder lets through, and agrees with it on canonical input. */
class RlpReaderTest {

    private static final long SEED = 0x2718;

    private static byte[] hex(String hex) {
        return Hex.decode(hex, "test bytes");
    }

    private static void refused(String hex, String part) {
        RlpException e = assertThrows(RlpException.class, () -> RlpReader.decode(hex(hex)), hex);
        assertTrue(e.getMessage().contains(part), hex + ": '" + e.getMessage() + "' should mention '" + part + "'");
    }

    @Test
    void nonCanonicalFormsThatWeb3jAcceptsAreRefused() {
        // Web3j's decoder reads each of these as if it were canonical.
        assertArrayEquals(
                new byte[] {5},
                ((RlpString) RlpDecoder.decode(hex("0x8105")).getValues().get(0)).getBytes());
        assertArrayEquals(
                new byte[] {5},
                ((RlpString) RlpDecoder.decode(hex("0xb80105")).getValues().get(0)).getBytes());
        assertEquals(2, RlpDecoder.decode(hex("0x0102")).getValues().size());

        refused("0x8105", "single byte below 0x80");
        refused("0xb80105", "in long form");
        refused("0xb90001" + "00".repeat(1), "leading zero");
        refused("0xf800", "leading zero");
        refused("0xf83801", "truncated");
        refused("0x0102", "trailing");
        refused("0xc20102ff", "trailing");
        refused("0xc3830102", "truncated");
        refused("0xc1c20101", "truncated");
        refused("0xbc0fffffffff", "over 2^31");
        refused("0xbb80000000", "over 2^31");
        refused("0x", "empty");
        refused(Hex.encode(RlpEncoder.encode(nested(RlpReader.MAX_DEPTH))), "nested deeper");
        RlpType deepest = RlpReader.decode(RlpEncoder.encode(nested(RlpReader.MAX_DEPTH - 1)));
        assertEquals(1, ((RlpList) deepest).getValues().size());
    }

    @Test
    void canonicalItemsDecodeAsWeb3jDecodesThemAndEncodeBack() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (int round = 0; round < 300; round++) {
            RlpType item = randomItem(random, 0);
            byte[] encoded = RlpEncoder.encode(item);
            assertArrayEquals(encoded, RlpWriter.encode(item), "seed " + SEED + " round " + round);
            RlpType decoded = RlpReader.decode(encoded);
            assertSameItem(item, decoded, "seed " + SEED + " round " + round);
            assertSameItem(RlpDecoder.decode(encoded).getValues().get(0), decoded, "seed " + SEED + " round " + round);
        }
    }

    /** {@code depth + 1} lists, each holding the next. */
    private static RlpType nested(int depth) {
        return depth == 0 ? new RlpList() : new RlpList(nested(depth - 1));
    }

    /** Structural equality: Web3j's lists compare by identity. */
    private static void assertSameItem(RlpType expected, RlpType actual, String where) {
        if (expected instanceof RlpString string) {
            assertEquals(string, actual, where);
            return;
        }
        assertTrue(actual instanceof RlpList, where);
        List<RlpType> e = ((RlpList) expected).getValues();
        List<RlpType> a = ((RlpList) actual).getValues();
        assertEquals(e.size(), a.size(), where);
        for (int i = 0; i < e.size(); i++) {
            assertSameItem(e.get(i), a.get(i), where + " [" + i + "]");
        }
    }

    private static RlpType randomItem(SplittableRandom random, int depth) {
        if (depth < 4 && random.nextInt(3) == 0) {
            List<RlpType> items = new ArrayList<>();
            int count = random.nextInt(random.nextBoolean() ? 4 : 40);
            for (int i = 0; i < count; i++) {
                items.add(randomItem(random, depth + 1));
            }
            return new RlpList(items);
        }
        int[] lengths = {0, 1, 1, 2, 55, 56, 300};
        byte[] bytes = new byte[lengths[random.nextInt(lengths.length)]];
        random.nextBytes(bytes);
        return RlpString.create(bytes);
    }

    @Test
    void integersAreMinimal() {
        assertArrayEquals(new byte[0], RlpWriter.uint(0).getBytes());
        assertArrayEquals(new byte[] {(byte) 0x80}, RlpWriter.uint(128).getBytes());
        assertArrayEquals(
                new byte[] {
                    0x7F, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF
                },
                RlpWriter.uint(Long.MAX_VALUE).getBytes());
        assertArrayEquals(
                new byte[] {(byte) 0xFF},
                RlpWriter.uint(BigInteger.valueOf(255)).getBytes());
        assertThrows(IllegalArgumentException.class, () -> RlpWriter.uint(-1));
        assertThrows(RlpException.class, () -> RlpFields.uint(RlpString.create(new byte[] {0}), "zero"));
        assertEquals(BigInteger.ZERO, RlpFields.uint(RlpString.create(new byte[0]), "zero"));
        assertThrows(RlpException.class, () -> RlpFields.uint63(RlpString.create(BigInteger.TWO.pow(63)), "big"));
    }
}
