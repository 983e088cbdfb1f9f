package io.lockstep.core.chain;

import io.lockstep.core.chain.internal.Hex;
import io.lockstep.core.chain.internal.RlpException;
import io.lockstep.core.chain.internal.RlpFields;
import io.lockstep.core.chain.internal.RlpReader;
import io.lockstep.core.chain.internal.RlpWriter;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.crypto.ECDSASignature;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.rlp.RlpType;

/**
 * Decodes and verifies raw Ethereum transactions: legacy with an EIP-155 chain id, and EIP-1559. Refuses
 * everything an Ethereum client would refuse when decoding, and a little more (docs/spec/chain.md):
 * numbers that cannot be Java {@code long}s where the API exposes one, and pre-EIP-155 signatures.
 * Signature recovery is Web3j's.
 */
public final class TransactionDecoder {

    /** The order {@code n} of secp256k1's base point. */
    static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private static final BigInteger HALF_CURVE_ORDER = CURVE_ORDER.shiftRight(1);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger V_27 = BigInteger.valueOf(27);
    private static final BigInteger V_28 = BigInteger.valueOf(28);
    private static final BigInteger EIP155_OFFSET = BigInteger.valueOf(35);
    private static final int LEGACY_FIELDS = 9;
    private static final int EIP1559_FIELDS = 12;
    private static final int EIP1559_UNSIGNED_FIELDS = 9;

    private TransactionDecoder() {}

    /**
     * Decodes {@code raw}: an RLP list (legacy) or an EIP-2718 envelope whose first byte is the type.
     *
     * @throws InvalidTransactionException with the reason and what was wrong
     */
    public static SignedTransaction decode(byte[] raw) {
        Objects.requireNonNull(raw, "raw transaction");
        byte[] bytes = raw.clone();
        if (bytes.length == 0) {
            throw new InvalidTransactionException(TxRejection.MALFORMED, "empty input");
        }
        int first = bytes[0] & 0xFF;
        try {
            if (first >= 0xC0) {
                return legacy(bytes);
            }
            if (first == TxType.EIP1559.code()) {
                return eip1559(bytes);
            }
        } catch (RlpException e) {
            throw new InvalidTransactionException(TxRejection.MALFORMED, e.getMessage());
        }
        if (first <= 0x7F) {
            throw new InvalidTransactionException(
                    TxRejection.UNSUPPORTED_TYPE,
                    "transaction type " + typeName(first)
                            + " is not accepted; accepted are legacy transactions with an EIP-155 chain id"
                            + " and type 0x02 (EIP-1559)");
        }
        throw new InvalidTransactionException(
                TxRejection.MALFORMED,
                String.format(
                        "first byte 0x%02x starts an RLP string; a transaction is an RLP list or a typed envelope",
                        first));
    }

    /**
     * Decodes {@code 0x}-prefixed hex, as {@code eth_sendRawTransaction} receives it.
     *
     * @throws InvalidTransactionException {@link TxRejection#MALFORMED} if the text is not such hex, else
     *     as {@link #decode(byte[])}
     */
    public static SignedTransaction decodeHex(String hex) {
        Objects.requireNonNull(hex, "raw transaction hex");
        byte[] bytes;
        try {
            bytes = Hex.decode(hex, "raw transaction");
        } catch (IllegalArgumentException e) {
            throw new InvalidTransactionException(TxRejection.MALFORMED, e.getMessage());
        }
        return decode(bytes);
    }

    private static String typeName(int type) {
        String hex = String.format("0x%02x", type);
        return switch (type) {
            case 0x01 -> hex + " (EIP-2930 access list)";
            case 0x03 -> hex + " (EIP-4844 blob)";
            case 0x04 -> hex + " (EIP-7702 set code)";
            default -> hex;
        };
    }

    private static SignedTransaction legacy(byte[] raw) {
        List<RlpType> f = RlpFields.list(RlpReader.decode(raw), LEGACY_FIELDS, "legacy transaction");
        BigInteger nonce = RlpFields.uint(f.get(0), "nonce");
        BigInteger gasPrice = RlpFields.uint(f.get(1), "gas price");
        BigInteger gasLimit = RlpFields.uint(f.get(2), "gas limit");
        byte[] to = RlpFields.bytes(f.get(3), "to");
        BigInteger value = RlpFields.uint(f.get(4), "value");
        byte[] data = RlpFields.bytes(f.get(5), "data").clone();
        BigInteger v = RlpFields.uint(f.get(6), "v");
        BigInteger r = RlpFields.uint(f.get(7), "r");
        BigInteger s = RlpFields.uint(f.get(8), "s");

        if (v.equals(V_27) || v.equals(V_28)) {
            throw new InvalidTransactionException(
                    TxRejection.MISSING_CHAIN_ID,
                    "legacy transaction signed without a chain id (v = " + v
                            + "); sign with EIP-155 (v = chainId × 2 + 35 or 36)");
        }
        if (v.compareTo(EIP155_OFFSET) < 0) {
            throw new InvalidTransactionException(
                    TxRejection.INVALID_SIGNATURE,
                    "legacy v = " + v + " is neither 27/28 nor chainId × 2 + 35 or 36 (EIP-155)");
        }
        BigInteger chainId = v.subtract(EIP155_OFFSET).shiftRight(1);
        int recoveryId = v.subtract(EIP155_OFFSET).testBit(0) ? 1 : 0;
        SignedTransaction.Fields fields = new SignedTransaction.Fields(
                TxType.LEGACY,
                upTo63Bits(chainId, "chain id (from v)"),
                upTo63Bits(nonce, "nonce"),
                upTo256Bits(gasPrice, "gas price"),
                gasPrice,
                upTo63Bits(gasLimit, "gas limit"),
                recipient(to),
                upTo256Bits(value, "value"),
                data,
                List.of(),
                v,
                r,
                s);
        checkSignatureValues(r, s);
        List<RlpType> unsigned = new ArrayList<>(f.subList(0, 6));
        unsigned.add(RlpWriter.uint(chainId));
        unsigned.add(RlpWriter.uint(0));
        unsigned.add(RlpWriter.uint(0));
        byte[] signingPayload = RlpWriter.encode(RlpWriter.list(unsigned));
        return new SignedTransaction(fields, recover(signingPayload, recoveryId, r, s), raw);
    }

    private static SignedTransaction eip1559(byte[] raw) {
        List<RlpType> f = RlpFields.list(RlpReader.decode(raw, 1), EIP1559_FIELDS, "EIP-1559 transaction");
        BigInteger chainId = RlpFields.uint(f.get(0), "chain id");
        BigInteger nonce = RlpFields.uint(f.get(1), "nonce");
        BigInteger maxPriorityFee = RlpFields.uint(f.get(2), "max priority fee per gas");
        BigInteger maxFee = RlpFields.uint(f.get(3), "max fee per gas");
        BigInteger gasLimit = RlpFields.uint(f.get(4), "gas limit");
        byte[] to = RlpFields.bytes(f.get(5), "to");
        BigInteger value = RlpFields.uint(f.get(6), "value");
        byte[] data = RlpFields.bytes(f.get(7), "data").clone();
        List<AccessListEntry> accessList = accessList(f.get(8));
        BigInteger yParity = RlpFields.uint(f.get(9), "yParity");
        BigInteger r = RlpFields.uint(f.get(10), "r");
        BigInteger s = RlpFields.uint(f.get(11), "s");

        SignedTransaction.Fields fields = new SignedTransaction.Fields(
                TxType.EIP1559,
                upTo63Bits(chainId, "chain id"),
                upTo63Bits(nonce, "nonce"),
                upTo256Bits(maxPriorityFee, "max priority fee per gas"),
                upTo256Bits(maxFee, "max fee per gas"),
                upTo63Bits(gasLimit, "gas limit"),
                recipient(to),
                upTo256Bits(value, "value"),
                data,
                accessList,
                yParity,
                r,
                s);
        if (maxPriorityFee.compareTo(maxFee) > 0) {
            throw new InvalidTransactionException(
                    TxRejection.TIP_ABOVE_FEE_CAP,
                    "max priority fee per gas " + maxPriorityFee + " is above max fee per gas " + maxFee);
        }
        if (yParity.bitLength() > 1) {
            throw new InvalidTransactionException(
                    TxRejection.INVALID_SIGNATURE, "yParity must be 0 or 1, got " + yParity);
        }
        checkSignatureValues(r, s);
        byte[] unsigned = RlpWriter.encode(RlpWriter.list(f.subList(0, EIP1559_UNSIGNED_FIELDS)));
        byte[] signingPayload = new byte[1 + unsigned.length];
        signingPayload[0] = (byte) TxType.EIP1559.code();
        System.arraycopy(unsigned, 0, signingPayload, 1, unsigned.length);
        return new SignedTransaction(fields, recover(signingPayload, yParity.intValue(), r, s), raw);
    }

    private static List<AccessListEntry> accessList(RlpType item) {
        List<AccessListEntry> entries = new ArrayList<>();
        for (RlpType entryItem : RlpFields.list(item, "access list")) {
            List<RlpType> entry = RlpFields.list(entryItem, 2, "access list entry");
            Address address = Address.of(RlpFields.fixed(entry.get(0), Address.LENGTH, "access list address"));
            List<Hash32> keys = new ArrayList<>();
            for (RlpType key : RlpFields.list(entry.get(1), "access list storage keys")) {
                keys.add(Hash32.of(RlpFields.fixed(key, Hash32.LENGTH, "access list storage key")));
            }
            entries.add(new AccessListEntry(address, keys));
        }
        return entries;
    }

    private static Address recipient(byte[] to) {
        if (to.length == 0) {
            return null;
        }
        if (to.length != Address.LENGTH) {
            throw new InvalidTransactionException(
                    TxRejection.VALUE_OUT_OF_RANGE, "to must be empty (deploy) or 20 bytes, got " + to.length);
        }
        return Address.of(to);
    }

    private static long upTo63Bits(BigInteger value, String what) {
        if (value.compareTo(LONG_MAX) > 0) {
            throw new InvalidTransactionException(
                    TxRejection.VALUE_OUT_OF_RANGE, what + " " + value + " is above 2^63 − 1");
        }
        return value.longValue();
    }

    private static BigInteger upTo256Bits(BigInteger value, String what) {
        if (value.bitLength() > 256) {
            throw new InvalidTransactionException(TxRejection.VALUE_OUT_OF_RANGE, what + " is 2^256 or more");
        }
        return value;
    }

    private static void checkSignatureValues(BigInteger r, BigInteger s) {
        if (r.signum() == 0 || r.compareTo(CURVE_ORDER) >= 0) {
            throw new InvalidTransactionException(
                    TxRejection.INVALID_SIGNATURE, "r must be in [1, n − 1] for the secp256k1 order n");
        }
        if (s.signum() == 0 || s.compareTo(CURVE_ORDER) >= 0) {
            throw new InvalidTransactionException(
                    TxRejection.INVALID_SIGNATURE, "s must be in [1, n − 1] for the secp256k1 order n");
        }
        if (s.compareTo(HALF_CURVE_ORDER) > 0) {
            // Otherwise (r, n − s) would be a second valid signature, hence a second hash, for one transaction.
            throw new InvalidTransactionException(
                    TxRejection.INVALID_SIGNATURE, "s is in the upper half of the secp256k1 order (EIP-2)");
        }
    }

    private static Address recover(byte[] signingPayload, int recoveryId, BigInteger r, BigInteger s) {
        byte[] messageHash = Hash.sha3(signingPayload);
        BigInteger publicKey;
        try {
            publicKey = Sign.recoverFromSignature(recoveryId, new ECDSASignature(r, s), messageHash);
        } catch (RuntimeException e) {
            // Bouncy Castle refuses an r that is no point's x coordinate; that is a bad signature, not a bug.
            publicKey = null;
        }
        // Zero is the point at infinity, which a crafted (r, s) can reach for a given hash: not a key.
        if (publicKey == null || publicKey.signum() == 0) {
            throw new InvalidTransactionException(
                    TxRejection.INVALID_SIGNATURE, "no public key recovers from the signature");
        }
        byte[] unpadded = publicKey.toByteArray();
        byte[] padded = new byte[64];
        int copy = Math.min(unpadded.length, 64);
        System.arraycopy(unpadded, unpadded.length - copy, padded, 64 - copy, copy);
        return Address.of(Keys.getAddress(padded));
    }
}
