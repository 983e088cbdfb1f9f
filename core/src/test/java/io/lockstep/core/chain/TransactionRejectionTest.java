package io.lockstep.core.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;

/** Every rejection reason, each from a concrete input, with the message saying what was wrong. */
class TransactionRejectionTest {

    private static final BigInteger N = TransactionDecoder.CURVE_ORDER;
    private static final int LEGACY = -1;
    private static final int EIP1559 = 2;

    // Field positions in the signed RLP lists.
    private static final int LEGACY_NONCE = 0;
    private static final int LEGACY_GAS_LIMIT = 2;
    private static final int LEGACY_TO = 3;
    private static final int LEGACY_V = 6;
    private static final int LEGACY_R = 7;
    private static final int LEGACY_S = 8;
    private static final int TYPED_NONCE = 1;
    private static final int TYPED_PRIORITY_FEE = 2;
    private static final int TYPED_VALUE = 6;
    private static final int TYPED_ACCESS_LIST = 8;
    private static final int TYPED_Y_PARITY = 9;
    private static final int TYPED_R = 10;
    private static final int TYPED_S = 11;

    private static InvalidTransactionException rejected(TxRejection reason, byte[] raw, String messagePart) {
        InvalidTransactionException e =
                assertThrows(InvalidTransactionException.class, () -> TransactionDecoder.decode(raw));
        assertEquals(reason, e.reason(), e.getMessage());
        assertTrue(
                e.getMessage().contains(messagePart),
                "message '" + e.getMessage() + "' should mention '" + messagePart + "'");
        assertTrue(e.getMessage().startsWith(reason + ": "), e.getMessage());
        return e;
    }

    private static byte[] legacyWith(int field, RlpType value) {
        List<RlpType> fields = Fixtures.fields(Fixtures.legacy(5, Fixtures.RECIPIENT, BigInteger.ONE, "0x"));
        fields.set(field, value);
        return Fixtures.assemble(LEGACY, fields);
    }

    private static byte[] typedWith(int field, RlpType value) {
        List<RlpType> fields = Fixtures.fields(Fixtures.transfer());
        fields.set(field, value);
        return Fixtures.assemble(EIP1559, fields);
    }

    @Test
    void emptyTruncatedAndTrailingBytesAreMalformed() {
        rejected(TxRejection.MALFORMED, new byte[0], "empty");
        for (byte[] valid :
                List.of(Fixtures.transfer(), Fixtures.legacy(1, Fixtures.RECIPIENT, BigInteger.ONE, "0x"))) {
            rejected(TxRejection.MALFORMED, Arrays.copyOf(valid, valid.length - 1), "truncated");
            rejected(TxRejection.MALFORMED, Arrays.copyOf(valid, valid.length + 1), "trailing");
            rejected(TxRejection.MALFORMED, Arrays.copyOf(valid, 1), "");
        }
        rejected(TxRejection.MALFORMED, new byte[] {2}, "empty");
        rejected(TxRejection.MALFORMED, new byte[] {(byte) 0x83, 1, 2, 3}, "RLP string");
    }

    @Test
    void wrongFieldCountsAndShapesAreMalformed() {
        List<RlpType> legacy = Fixtures.fields(Fixtures.legacy(5, Fixtures.RECIPIENT, BigInteger.ONE, "0x"));
        rejected(TxRejection.MALFORMED, Fixtures.assemble(LEGACY, legacy.subList(0, 6)), "6 fields, expected 9");
        List<RlpType> typed = Fixtures.fields(Fixtures.transfer());
        typed.add(Fixtures.uint(BigInteger.ONE));
        rejected(TxRejection.MALFORMED, Fixtures.assemble(EIP1559, typed), "13 fields, expected 12");
        rejected(TxRejection.MALFORMED, legacyWith(LEGACY_NONCE, new RlpList()), "nonce must be an RLP string");
        rejected(
                TxRejection.MALFORMED, typedWith(TYPED_ACCESS_LIST, Fixtures.raw()), "access list must be an RLP list");
        rejected(
                TxRejection.MALFORMED,
                typedWith(TYPED_ACCESS_LIST, new RlpList(new RlpList(Fixtures.raw(new byte[19]), new RlpList()))),
                "access list address must be 20 bytes");
        rejected(
                TxRejection.MALFORMED,
                typedWith(
                        TYPED_ACCESS_LIST,
                        new RlpList(new RlpList(Fixtures.raw(new byte[20]), new RlpList(Fixtures.raw(new byte[31]))))),
                "storage key must be 32 bytes");
    }

    @Test
    void nonCanonicalIntegersAndRlpAreMalformed() {
        // The nonce 5 as 0x820005: valid RLP, but an integer with a leading zero byte.
        rejected(TxRejection.MALFORMED, legacyWith(LEGACY_NONCE, Fixtures.raw((byte) 0, (byte) 5)), "leading zero");
        rejected(TxRejection.MALFORMED, typedWith(TYPED_VALUE, Fixtures.raw((byte) 0)), "leading zero");
        // The byte 0x05 written as the one-byte string 0x8105, which Web3j's own decoder accepts.
        byte[] valid = Fixtures.transfer();
        List<RlpType> fields = Fixtures.fields(valid);
        fields.set(TYPED_NONCE, Fixtures.raw((byte) 0x7E));
        byte[] patched = Fixtures.assemble(EIP1559, fields);
        int at = indexOf(patched, (byte) 0x7E);
        byte[] nonCanonical = new byte[patched.length + 1];
        System.arraycopy(patched, 0, nonCanonical, 0, at);
        nonCanonical[at] = (byte) 0x81;
        nonCanonical[at + 1] = 0x7E;
        System.arraycopy(patched, at + 1, nonCanonical, at + 2, patched.length - at - 1);
        nonCanonical[2]++; // the list's one-byte length prefix payload grows by one
        assertEquals((byte) 0xF8, nonCanonical[1], "a transfer's list has a one-byte long-form length");
        rejected(TxRejection.MALFORMED, nonCanonical, "single byte below 0x80");
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 3; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }

    @Test
    void typedEnvelopesOtherThan0x02AreUnsupported() {
        RawTransaction accessListTx = RawTransaction.createTransaction(
                Fixtures.CHAIN_ID,
                BigInteger.ONE,
                BigInteger.TEN,
                BigInteger.valueOf(21_000),
                Fixtures.RECIPIENT,
                BigInteger.ONE,
                "0x",
                List.<AccessListObject>of());
        byte[] eip2930 = TransactionEncoder.signMessage(accessListTx, Fixtures.ALICE);
        assertEquals(0x01, eip2930[0]);
        rejected(TxRejection.UNSUPPORTED_TYPE, eip2930, "0x01 (EIP-2930");
        byte[] blob = Fixtures.transfer().clone();
        blob[0] = 0x03;
        rejected(TxRejection.UNSUPPORTED_TYPE, blob, "0x03 (EIP-4844");
        blob[0] = 0x00;
        rejected(TxRejection.UNSUPPORTED_TYPE, blob, "0x00");
        blob[0] = 0x7F;
        rejected(TxRejection.UNSUPPORTED_TYPE, blob, "0x7f");
    }

    @Test
    void legacySignaturesWithoutAChainIdAreRefused() {
        RawTransaction unsigned = RawTransaction.createTransaction(
                BigInteger.ONE, BigInteger.TEN, BigInteger.valueOf(21_000), Fixtures.RECIPIENT, BigInteger.ONE, "0x");
        byte[] preEip155 = TransactionEncoder.signMessage(unsigned, Fixtures.ALICE);
        int v = Fixtures.fields(preEip155).get(LEGACY_V) instanceof RlpString s ? s.getBytes()[0] : -1;
        assertTrue(v == 27 || v == 28, "Web3j signs without a chain id with v = 27 or 28, got " + v);
        rejected(TxRejection.MISSING_CHAIN_ID, preEip155, "v = " + v);
        rejected(TxRejection.INVALID_SIGNATURE, legacyWith(LEGACY_V, Fixtures.uint(BigInteger.valueOf(29))), "v = 29");
        rejected(TxRejection.INVALID_SIGNATURE, legacyWith(LEGACY_V, Fixtures.uint(BigInteger.ZERO)), "v = 0");
    }

    @Test
    void highSIsRefusedPerEip2() {
        for (int type : new int[] {LEGACY, EIP1559}) {
            byte[] valid =
                    type == LEGACY ? Fixtures.legacy(5, Fixtures.RECIPIENT, BigInteger.ONE, "0x") : Fixtures.transfer();
            SignedTransaction tx = TransactionDecoder.decode(valid);
            List<RlpType> fields = Fixtures.fields(valid);
            int sField = type == LEGACY ? LEGACY_S : TYPED_S;
            int vField = type == LEGACY ? LEGACY_V : TYPED_Y_PARITY;
            // (r, n − s) with the other parity is the same signer's signature too: the malleable twin.
            fields.set(sField, Fixtures.uint(N.subtract(tx.s())));
            fields.set(vField, Fixtures.uint(otherParity(tx)));
            rejected(TxRejection.INVALID_SIGNATURE, Fixtures.assemble(type, fields), "upper half");
        }
    }

    /** The {@code v} or {@code yParity} of the same signature with the other recovery id. */
    private static BigInteger otherParity(SignedTransaction tx) {
        if (tx.type() == TxType.EIP1559) {
            return tx.v().flipBit(0);
        }
        BigInteger base = BigInteger.valueOf(2 * tx.chainId() + 35);
        return tx.v().equals(base) ? base.add(BigInteger.ONE) : base;
    }

    @Test
    void rAndSOutOfRangeAreInvalidSignatures() {
        rejected(TxRejection.INVALID_SIGNATURE, typedWith(TYPED_R, Fixtures.uint(BigInteger.ZERO)), "r must be in");
        rejected(TxRejection.INVALID_SIGNATURE, legacyWith(LEGACY_R, Fixtures.uint(BigInteger.ZERO)), "r must be in");
        rejected(TxRejection.INVALID_SIGNATURE, typedWith(TYPED_R, Fixtures.uint(N)), "r must be in");
        rejected(TxRejection.INVALID_SIGNATURE, typedWith(TYPED_S, Fixtures.uint(BigInteger.ZERO)), "s must be in");
        rejected(TxRejection.INVALID_SIGNATURE, legacyWith(LEGACY_S, Fixtures.uint(N)), "s must be in");
        rejected(
                TxRejection.INVALID_SIGNATURE,
                typedWith(TYPED_R, Fixtures.uint(BigInteger.TWO.pow(264))),
                "r must be in");
    }

    @Test
    void anROfNoCurvePointRecoversNoKey() {
        BigInteger r = smallestXOffTheCurve();
        rejected(TxRejection.INVALID_SIGNATURE, typedWith(TYPED_R, Fixtures.uint(r)), "no public key recovers");
    }

    /** The smallest x for which x³ + 7 is not a square modulo p, so that no secp256k1 point has it. */
    private static BigInteger smallestXOffTheCurve() {
        BigInteger p = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEFFFFFC2F", 16);
        BigInteger half = p.subtract(BigInteger.ONE).shiftRight(1);
        for (BigInteger x = BigInteger.ONE; ; x = x.add(BigInteger.ONE)) {
            BigInteger rhs = x.pow(3).add(BigInteger.valueOf(7)).mod(p);
            if (!rhs.modPow(half, p).equals(BigInteger.ONE)) {
                return x;
            }
        }
    }

    @Test
    void yParityIsZeroOrOne() {
        rejected(TxRejection.INVALID_SIGNATURE, typedWith(TYPED_Y_PARITY, Fixtures.uint(BigInteger.TWO)), "yParity");
        rejected(
                TxRejection.INVALID_SIGNATURE,
                typedWith(TYPED_Y_PARITY, Fixtures.uint(BigInteger.valueOf(27))),
                "yParity");
        // The other parity is a valid signature by somebody else: it decodes, to another sender.
        SignedTransaction tx = TransactionDecoder.decode(Fixtures.transfer());
        SignedTransaction flipped =
                TransactionDecoder.decode(typedWith(TYPED_Y_PARITY, Fixtures.uint(otherParity(tx))));
        assertNotEquals(tx.from(), flipped.from());
    }

    @Test
    void numbersPastTheirLimitsAreOutOfRange() {
        BigInteger twoTo64Minus1 = BigInteger.TWO.pow(64).subtract(BigInteger.ONE);
        rejected(TxRejection.VALUE_OUT_OF_RANGE, legacyWith(LEGACY_NONCE, Fixtures.uint(twoTo64Minus1)), "nonce");
        rejected(
                TxRejection.VALUE_OUT_OF_RANGE, typedWith(TYPED_NONCE, Fixtures.uint(BigInteger.TWO.pow(63))), "nonce");
        rejected(
                TxRejection.VALUE_OUT_OF_RANGE,
                legacyWith(LEGACY_GAS_LIMIT, Fixtures.uint(BigInteger.TWO.pow(63))),
                "gas limit");
        rejected(
                TxRejection.VALUE_OUT_OF_RANGE,
                typedWith(TYPED_VALUE, Fixtures.uint(BigInteger.TWO.pow(256))),
                "value");
        rejected(TxRejection.VALUE_OUT_OF_RANGE, typedWith(0, Fixtures.uint(BigInteger.TWO.pow(63))), "chain id");
        rejected(
                TxRejection.VALUE_OUT_OF_RANGE,
                legacyWith(LEGACY_V, Fixtures.uint(BigInteger.TWO.pow(64).add(BigInteger.valueOf(35)))),
                "chain id (from v)");
        rejected(TxRejection.VALUE_OUT_OF_RANGE, legacyWith(LEGACY_TO, Fixtures.raw(new byte[19])), "to must be");
        rejected(TxRejection.VALUE_OUT_OF_RANGE, typedWith(5, Fixtures.raw(new byte[21])), "to must be");
        // The largest values that fit pass; the signature then recovers somebody else (the nonce changed).
        SignedTransaction largest =
                TransactionDecoder.decode(typedWith(TYPED_NONCE, Fixtures.uint(BigInteger.valueOf(Long.MAX_VALUE))));
        assertEquals(Long.MAX_VALUE, largest.nonce());
        assertNotEquals(TransactionDecoder.decode(Fixtures.transfer()).from(), largest.from());
    }

    @Test
    void aTipAboveTheFeeCapIsRefused() {
        rejected(
                TxRejection.TIP_ABOVE_FEE_CAP,
                typedWith(TYPED_PRIORITY_FEE, Fixtures.uint(BigInteger.valueOf(30_000_000_001L))),
                "above max fee per gas");
    }
}
