package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ContractUtils;

/** Contract addresses as Ethereum's CREATE computes them. */
class ContractAddressTest {

    @Test
    void knownAddressesOfOneSender() {
        Address sender = Address.fromHex("0x6ac7ea33f8831ea9dcc53393aaa88b25a785dbf0");
        assertEquals(Address.fromHex("0xcd234a471b72ba2f1ccf0a70fcaba648a5eecd8d"), ContractAddress.of(sender, 0));
        assertEquals(Address.fromHex("0x343c43a37d37dff08ae8c4a11544c718abb4fcf8"), ContractAddress.of(sender, 1));
        assertEquals(Address.fromHex("0xf778b86fa74e846c4f0a1fbd1335fe81c00a0c91"), ContractAddress.of(sender, 2));
        assertEquals(Address.fromHex("0xfffd933a0bc612844eaf0c6fe3e5b8e9b6c1d19c"), ContractAddress.of(sender, 3));
    }

    @Test
    void agreesWithWeb3jAcrossNonceEncodings() {
        SplittableRandom random = new SplittableRandom(1014);
        // Nonces around every RLP boundary: 0 (empty string), 0x7f (own byte), 0x80 (one-byte string), long.
        long[] nonces = {0, 1, 0x7F, 0x80, 0xFF, 0x100, 0xFFFF, 1L << 32, Long.MAX_VALUE};
        for (int round = 0; round < 50; round++) {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            Address sender = Address.of(bytes);
            for (long nonce : nonces) {
                byte[] expected = ContractUtils.generateContractAddress(bytes, BigInteger.valueOf(nonce));
                assertEquals(Address.of(expected), ContractAddress.of(sender, nonce), "seed 1014 round " + round);
            }
        }
    }

    @Test
    void refusesANegativeNonceOrNoSender() {
        assertThrows(IllegalArgumentException.class, () -> ContractAddress.of(Address.ZERO, -1));
        assertThrows(NullPointerException.class, () -> ContractAddress.of(null, 0));
    }
}
