package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The logs bloom against a vector worked out by hand from the Keccak hashes. */
class BloomTest {

    private static final Address CONTRACT = Address.fromHex("0x00000000000000000000000000000000000000c1");
    private static final Hash32 TRANSFER =
            Hash32.keccak256("Transfer(address,address,uint256)".getBytes(StandardCharsets.US_ASCII));

    @Test
    void bitsFollowTheHandCheckedVector() {
        assertEquals(
                Hash32.fromHex("0xae49f4417048cacc01716a2d804f699d8ec34ead735e1c61604996ac37f35157"),
                Hash32.keccak256(CONTRACT.bytes()));
        assertEquals(Hash32.fromHex("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"), TRANSFER);
        // The topic is hashed again, as the address is: keccak256(topic) starts ada389e1fc24.
        assertEquals(
                Hash32.fromHex("0xada389e1fc24a8587c776340efb91b36e675792ab631816100d55df0b5cf3cbc"),
                Hash32.keccak256(TRANSFER.bytes()));
        // address: 0xae49 & 2047 = 1609, 0xf441 & 2047 = 1089, 0x7048 & 2047 = 72
        // topic:   0xada3 & 2047 = 1443, 0x89e1 & 2047 = 481,  0xfc24 & 2047 = 1060
        // bit b is bit (b % 8) of byte 255 − b / 8.
        byte[] expected = new byte[256];
        expected[54] = 0x02; // 1609 = 201 × 8 + 1
        expected[119] = 0x02; // 1089 = 136 × 8 + 1
        expected[246] = 0x01; // 72 = 9 × 8 + 0
        expected[75] = 0x08; // 1443 = 180 × 8 + 3
        expected[195] = 0x02; // 481 = 60 × 8 + 1
        expected[123] = 0x10; // 1060 = 132 × 8 + 4

        Bloom bloom = Bloom.of(List.of(new Log(CONTRACT, List.of(TRANSFER), new byte[] {1, 2, 3})));
        assertArrayEquals(expected, bloom.bytes());
        assertTrue(bloom.mightContain(CONTRACT));
        assertTrue(bloom.mightContain(TRANSFER));
        assertFalse(bloom.mightContain(Address.ZERO));
        assertFalse(bloom.mightContain(Hash32.ZERO));
    }

    @Test
    void noLogsIsTheEmptyBloomAndOrUnites() {
        assertEquals(Bloom.EMPTY, Bloom.of(List.of()));
        assertArrayEquals(new byte[256], Bloom.EMPTY.bytes());
        Bloom first = Bloom.of(List.of(new Log(CONTRACT, List.of(), new byte[0])));
        Bloom second = Bloom.of(List.of(new Log(Address.ZERO, List.of(TRANSFER), new byte[0])));
        Bloom both = Bloom.of(List.of(
                new Log(CONTRACT, List.of(), new byte[0]), new Log(Address.ZERO, List.of(TRANSFER), new byte[0])));
        assertEquals(both, first.or(second));
        assertEquals(both, second.or(first));
        assertEquals(first, first.or(Bloom.EMPTY));
        assertFalse(first.mightContain(TRANSFER));
    }

    @Test
    void everyInsertedItemMightBeContained() {
        SplittableRandom random = new SplittableRandom(2048);
        for (int round = 0; round < 50; round++) {
            byte[] address = new byte[20];
            random.nextBytes(address);
            byte[] topic = new byte[32];
            random.nextBytes(topic);
            Bloom bloom = Bloom.of(List.of(new Log(Address.of(address), List.of(Hash32.of(topic)), new byte[0])));
            assertTrue(bloom.mightContain(Address.of(address)), "seed 2048 round " + round);
            assertTrue(bloom.mightContain(Hash32.of(topic)), "seed 2048 round " + round);
            int bits = 0;
            for (byte b : bloom.bytes()) {
                bits += Integer.bitCount(b & 0xFF);
            }
            assertTrue(bits >= 1 && bits <= 6, "seed 2048 round " + round + ": " + bits + " bits");
        }
    }

    @Test
    void logsHaveAtMostFourTopicsAndCopyTheirData() {
        assertThrows(
                IllegalArgumentException.class, () -> new Log(CONTRACT, Collections.nCopies(5, TRANSFER), new byte[0]));
        byte[] data = {1};
        Log log = new Log(CONTRACT, List.of(), data);
        data[0] = 2;
        log.data()[0] = 3;
        assertArrayEquals(new byte[] {1}, log.data());
        assertEquals(new Log(CONTRACT, List.of(), new byte[] {1}), log);
        assertThrows(IllegalArgumentException.class, () -> new Bloom(new byte[255]));
    }
}
