package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/** Transactions Web3j signs decode with every field and the right sender; the EIP-155 example as a golden vector. */
class TransactionDecoderTest {

    private static final Address ALICE = Address.fromHex(Fixtures.ALICE.getAddress());

    @Test
    void theEip155ExampleDecodesToItsPublishedValues() {
        Properties v = Fixtures.vector("eip155-example.properties");
        SignedTransaction tx = TransactionDecoder.decodeHex(v.getProperty("signed"));
        assertEquals(TxType.LEGACY, tx.type());
        assertEquals(Long.parseLong(v.getProperty("chainId")), tx.chainId());
        assertEquals(Long.parseLong(v.getProperty("nonce")), tx.nonce());
        assertEquals(new BigInteger(v.getProperty("gasPrice")), tx.gasPrice());
        assertEquals(new BigInteger(v.getProperty("gasPrice")), tx.maxFeePerGas());
        assertEquals(new BigInteger(v.getProperty("gasPrice")), tx.maxPriorityFeePerGas());
        assertEquals(Long.parseLong(v.getProperty("gasLimit")), tx.gasLimit());
        assertEquals(Optional.of(Address.fromHex(v.getProperty("to"))), tx.to());
        assertEquals(new BigInteger(v.getProperty("value")), tx.value());
        assertArrayEquals(new byte[0], tx.data());
        assertEquals(new BigInteger(v.getProperty("v")), tx.v());
        assertEquals(new BigInteger(v.getProperty("r")), tx.r());
        assertEquals(new BigInteger(v.getProperty("s")), tx.s());
        assertEquals(v.getProperty("sender"), tx.from().toChecksumHex());
        assertEquals(Hash32.fromHex(v.getProperty("hash")), tx.hash());
        assertArrayEquals(Numeric.hexStringToByteArray(v.getProperty("signed")), tx.raw());
        assertEquals(110, tx.encodedSize());
        assertFalse(tx.isDeploy());

        // Web3j signs the same fields with the same key to the same bytes (RFC 6979 nonces), and its
        // key gives the same sender.
        Credentials key = Credentials.create(v.getProperty("privateKey"));
        RawTransaction unsigned = RawTransaction.createTransaction(
                BigInteger.valueOf(tx.nonce()),
                tx.gasPrice(),
                BigInteger.valueOf(tx.gasLimit()),
                v.getProperty("to"),
                tx.value(),
                "");
        assertEquals(
                v.getProperty("signingHash"),
                Numeric.toHexString(Hash32.keccak256(TransactionEncoder.encode(unsigned, 1L))
                        .bytes()));
        assertEquals(v.getProperty("signed"), Numeric.toHexString(TransactionEncoder.signMessage(unsigned, 1L, key)));
        assertEquals(Address.fromHex(key.getAddress()), tx.from());
    }

    @Test
    void aWeb3jSignedLegacyCallDecodes() {
        byte[] raw = Fixtures.legacy(42, Fixtures.RECIPIENT, BigInteger.valueOf(12_345), "0xa9059cbb00ff");
        SignedTransaction tx = TransactionDecoder.decode(raw);
        assertEquals(TxType.LEGACY, tx.type());
        assertEquals(Fixtures.CHAIN_ID, tx.chainId());
        assertEquals(42, tx.nonce());
        assertEquals(90_000, tx.gasLimit());
        assertEquals(BigInteger.valueOf(1_000_000_000L), tx.gasPrice());
        assertEquals(tx.gasPrice(), tx.maxFeePerGas());
        assertEquals(tx.gasPrice(), tx.maxPriorityFeePerGas());
        assertEquals(Optional.of(Address.fromHex(Fixtures.RECIPIENT)), tx.to());
        assertEquals(BigInteger.valueOf(12_345), tx.value());
        assertArrayEquals(Numeric.hexStringToByteArray("0xa9059cbb00ff"), tx.data());
        assertTrue(tx.accessList().isEmpty());
        BigInteger parity = tx.v().subtract(BigInteger.valueOf(2 * Fixtures.CHAIN_ID + 35));
        assertTrue(parity.equals(BigInteger.ZERO) || parity.equals(BigInteger.ONE), "v = " + tx.v());
        assertEquals(ALICE, tx.from());
        assertEquals(Hash32.keccak256(raw), tx.hash());
        assertArrayEquals(raw, tx.raw());
        assertArrayEquals(raw, Fixtures.reencode(tx));
        assertEquals(BigInteger.valueOf(1_000_000_000L), tx.effectiveGasPrice(BigInteger.valueOf(7)));
        assertEquals(BigInteger.valueOf(90_000L * 1_000_000_000L + 12_345), tx.maxCost());
    }

    @Test
    void aWeb3jSignedEip1559CallWithAnAccessListDecodes() {
        List<AccessListObject> accessList = List.of(
                new AccessListObject(
                        "0x00000000000000000000000000000000000000c1",
                        List.of(
                                "0x0000000000000000000000000000000000000000000000000000000000000001",
                                "0xff00000000000000000000000000000000000000000000000000000000000002")),
                new AccessListObject("0x00000000000000000000000000000000000000c2", List.of()));
        byte[] raw = Fixtures.eip1559(7, Fixtures.RECIPIENT, BigInteger.ONE, "0x01020304", accessList);
        assertEquals(0x02, raw[0]);
        SignedTransaction tx = TransactionDecoder.decode(raw);
        assertEquals(TxType.EIP1559, tx.type());
        assertEquals(Fixtures.CHAIN_ID, tx.chainId());
        assertEquals(7, tx.nonce());
        assertEquals(120_000, tx.gasLimit());
        assertEquals(BigInteger.valueOf(2_000_000_000L), tx.maxPriorityFeePerGas());
        assertEquals(BigInteger.valueOf(30_000_000_000L), tx.maxFeePerGas());
        assertEquals(tx.maxFeePerGas(), tx.gasPrice());
        assertEquals(Optional.of(Address.fromHex(Fixtures.RECIPIENT)), tx.to());
        assertEquals(BigInteger.ONE, tx.value());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, tx.data());
        assertEquals(2, tx.accessList().size());
        assertEquals(
                Address.fromHex("0x00000000000000000000000000000000000000c1"),
                tx.accessList().get(0).address());
        assertEquals(
                Hash32.fromHex("0xff00000000000000000000000000000000000000000000000000000000000002"),
                tx.accessList().get(0).storageKeys().get(1));
        assertTrue(tx.accessList().get(1).storageKeys().isEmpty());
        assertTrue(tx.v().equals(BigInteger.ZERO) || tx.v().equals(BigInteger.ONE), "yParity = " + tx.v());
        assertEquals(ALICE, tx.from());
        assertEquals(Hash32.keccak256(raw), tx.hash());
        assertArrayEquals(raw, Fixtures.reencode(tx));
        assertEquals(BigInteger.valueOf(120_000L * 30_000_000_000L + 1), tx.maxCost());
    }

    @Test
    void theEffectivePriceOfAnEip1559TransactionIsCappedByItsFeeCap() {
        SignedTransaction tx = TransactionDecoder.decode(Fixtures.transfer());
        BigInteger gwei = BigInteger.valueOf(1_000_000_000L);
        assertEquals(gwei.multiply(BigInteger.valueOf(12)), tx.effectiveGasPrice(gwei.multiply(BigInteger.TEN)));
        assertEquals(
                gwei.multiply(BigInteger.valueOf(30)), tx.effectiveGasPrice(gwei.multiply(BigInteger.valueOf(29))));
        assertEquals(
                gwei.multiply(BigInteger.valueOf(30)), tx.effectiveGasPrice(gwei.multiply(BigInteger.valueOf(50))));
        assertThrows(IllegalArgumentException.class, () -> tx.effectiveGasPrice(BigInteger.valueOf(-1)));
        assertThrows(NullPointerException.class, () -> tx.effectiveGasPrice(null));
    }

    @Test
    void deploysHaveNoRecipient() {
        for (byte[] raw : List.of(
                Fixtures.legacy(0, "", BigInteger.ZERO, "0x0061736d01000000"),
                Fixtures.eip1559(0, "", BigInteger.ZERO, "0x0061736d01000000", List.of()))) {
            SignedTransaction tx = TransactionDecoder.decode(raw);
            assertTrue(tx.isDeploy());
            assertEquals(Optional.empty(), tx.to());
            assertArrayEquals(Numeric.hexStringToByteArray("0x0061736d01000000"), tx.data());
            assertEquals(ALICE, tx.from());
            assertArrayEquals(raw, Fixtures.reencode(tx));
        }
    }

    @Test
    void theTransactionIsImmutable() {
        byte[] raw = Fixtures.legacy(1, Fixtures.RECIPIENT, BigInteger.ONE, "0x0102");
        SignedTransaction tx = TransactionDecoder.decode(raw);
        byte[] original = raw.clone();
        raw[raw.length - 1] ^= 1;
        tx.raw()[0] = 0;
        tx.data()[0] = 9;
        assertArrayEquals(original, tx.raw());
        assertNotEquals(raw[raw.length - 1], tx.raw()[raw.length - 1]);
        assertArrayEquals(new byte[] {1, 2}, tx.data());
        assertEquals(tx, TransactionDecoder.decode(tx.raw()));
        assertEquals(tx.hashCode(), TransactionDecoder.decode(tx.raw()).hashCode());
    }

    @Test
    void decodeHexWantsPrefixedEvenHex() {
        String hex = Numeric.toHexString(Fixtures.transfer());
        assertEquals(TransactionDecoder.decode(Fixtures.transfer()), TransactionDecoder.decodeHex(hex));
        assertEquals(
                TransactionDecoder.decode(Fixtures.transfer()),
                TransactionDecoder.decodeHex(hex.toUpperCase().replace("0X", "0x")));
        for (String bad :
                List.of(hex.substring(2), hex + "0", hex.substring(0, 10) + "zz" + hex.substring(12), "", "0x")) {
            InvalidTransactionException e =
                    assertThrows(InvalidTransactionException.class, () -> TransactionDecoder.decodeHex(bad), bad);
            assertEquals(TxRejection.MALFORMED, e.reason());
        }
        assertThrows(NullPointerException.class, () -> TransactionDecoder.decodeHex(null));
        assertThrows(NullPointerException.class, () -> TransactionDecoder.decode(null));
    }
}
