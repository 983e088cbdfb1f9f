package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Keys;

/** Addresses and hashes: parsing, EIP-55, content equality and order, defensive copies, digests. */
class AddressAndHashTest {

    @Test
    void checksumsMatchEip55sExamplesAndWeb3j() {
        // The all-caps, all-lower and mixed examples from EIP-55's text.
        for (String expected : List.of(
                "0x52908400098527886E0F7030069857D2E4169EE7",
                "0x8617E340B3D01FA5F11F306F4090FD50E238070D",
                "0xde709f2102306220921060314715629080e2fb77",
                "0x27b1fdb04752bbc536007a920d24acb045561c26",
                "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
                "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
                "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
                "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb")) {
            Address address = Address.fromHex(expected.toLowerCase());
            assertEquals(expected, address.toChecksumHex());
            assertEquals(expected.toLowerCase(), address.toHex());
            assertEquals(address, Address.fromHex(expected));
        }
        SplittableRandom random = new SplittableRandom(55);
        for (int i = 0; i < 200; i++) {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            Address address = Address.of(bytes);
            assertEquals(Keys.toChecksumAddress(address.toHex()), address.toChecksumHex(), "seed 55 round " + i);
        }
    }

    @Test
    void badHexIsRefusedWithAReason() {
        for (String bad : List.of(
                "52908400098527886e0f7030069857d2e4169ee7",
                "0x52908400098527886e0f7030069857d2e4169ee",
                "0x52908400098527886e0f7030069857d2e4169ee70",
                "0x52908400098527886e0f7030069857d2e4169eg7",
                "0X52908400098527886e0f7030069857d2e4169ee7",
                "0x５2908400098527886e0f7030069857d2e4169ee7",
                "")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Address.fromHex(bad), bad);
            assertTrue(e.getMessage().contains("address"), e.getMessage());
        }
        assertThrows(NullPointerException.class, () -> Address.fromHex(null));
        assertThrows(IllegalArgumentException.class, () -> Address.of(new byte[19]));
        assertThrows(IllegalArgumentException.class, () -> Hash32.of(new byte[33]));
        assertThrows(IllegalArgumentException.class, () -> Hash32.fromHex("0x00"));
        assertThrows(NullPointerException.class, () -> Hash32.of(null));
    }

    @Test
    void equalityAndOrderAreByContentAndCopiesAreDefensive() {
        byte[] bytes = new byte[20];
        bytes[19] = 1;
        Address a = Address.of(bytes);
        bytes[19] = 2;
        assertEquals(1, a.bytes()[19], "the constructor copied");
        a.bytes()[19] = 3;
        assertEquals(1, a.bytes()[19], "the accessor copies");
        assertEquals(a, Address.fromHex("0x0000000000000000000000000000000000000001"));
        assertEquals(
                a.hashCode(),
                Address.fromHex("0x0000000000000000000000000000000000000001").hashCode());
        assertNotEquals(a, Address.ZERO);
        assertEquals("0x0000000000000000000000000000000000000001", a.toString());
        Address high = Address.fromHex("0x8000000000000000000000000000000000000000");
        assertTrue(Address.ZERO.compareTo(a) < 0);
        assertTrue(a.compareTo(high) < 0, "unsigned: 0x80 sorts after 0x00");
        assertTrue(Hash32.ZERO.compareTo(Hash32.keccak256(new byte[0])) < 0);
        assertArrayEquals(new byte[32], Hash32.ZERO.bytes());
    }

    @Test
    void digestsMatchKnownValues() {
        assertEquals(
                Hash32.fromHex("0xc5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470"),
                Hash32.keccak256(new byte[0]));
        assertEquals(
                Hash32.fromHex("0xe3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
                Hash32.sha256(new byte[0]));
        assertEquals(
                Hash32.fromHex("0xba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"),
                Hash32.sha256("abc".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(
                "0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45",
                Hash32.keccak256("abc".getBytes(StandardCharsets.US_ASCII)).toHex());
    }
}
