package io.lockstep.core.chain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.web3j.crypto.AccessListObject;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.Sign;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.rlp.RlpDecoder;
import org.web3j.rlp.RlpEncoder;
import org.web3j.rlp.RlpList;
import org.web3j.rlp.RlpString;
import org.web3j.rlp.RlpType;
import org.web3j.utils.Numeric;

/** Transactions signed by Web3j, an independent re-encoder, and raw RLP for crafting bad inputs. */
final class Fixtures {

    static final Credentials ALICE =
            Credentials.create("0x1f2e3d4c5b6a79880f1e2d3c4b5a69788796a5b4c3d2e1f00112233445566778");
    static final long CHAIN_ID = 7_777;
    static final String RECIPIENT = "0x00000000000000000000000000000000000000b0";

    private Fixtures() {}

    static byte[] legacy(long nonce, String to, BigInteger value, String data) {
        RawTransaction raw = RawTransaction.createTransaction(
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(1_000_000_000L),
                BigInteger.valueOf(90_000),
                to,
                value,
                data);
        return TransactionEncoder.signMessage(raw, CHAIN_ID, ALICE);
    }

    static byte[] eip1559(long nonce, String to, BigInteger value, String data, List<AccessListObject> accessList) {
        RawTransaction raw = RawTransaction.createTransaction(
                CHAIN_ID,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(120_000),
                to,
                value,
                data,
                BigInteger.valueOf(2_000_000_000L),
                BigInteger.valueOf(30_000_000_000L),
                accessList);
        return TransactionEncoder.signMessage(raw, ALICE);
    }

    static byte[] transfer() {
        return eip1559(3, RECIPIENT, BigInteger.TEN.pow(18), "0x", List.of());
    }

    /** The transaction encoded again from its decoded fields by Web3j's encoder. */
    static byte[] reencode(SignedTransaction tx) {
        String to = tx.to().map(Address::toHex).orElse("");
        String data = Numeric.toHexString(tx.data());
        byte[] r = Numeric.toBytesPadded(tx.r(), 32);
        byte[] s = Numeric.toBytesPadded(tx.s(), 32);
        if (tx.type() == TxType.LEGACY) {
            RawTransaction raw = RawTransaction.createTransaction(
                    BigInteger.valueOf(tx.nonce()),
                    tx.gasPrice(),
                    BigInteger.valueOf(tx.gasLimit()),
                    to,
                    tx.value(),
                    data);
            return TransactionEncoder.encode(raw, new Sign.SignatureData(tx.v().toByteArray(), r, s));
        }
        List<AccessListObject> accessList = new ArrayList<>();
        for (AccessListEntry entry : tx.accessList()) {
            List<String> keys = new ArrayList<>();
            entry.storageKeys().forEach(k -> keys.add(k.toHex()));
            accessList.add(new AccessListObject(entry.address().toHex(), keys));
        }
        RawTransaction raw = RawTransaction.createTransaction(
                tx.chainId(),
                BigInteger.valueOf(tx.nonce()),
                BigInteger.valueOf(tx.gasLimit()),
                to,
                tx.value(),
                data,
                tx.maxPriorityFeePerGas(),
                tx.maxFeePerGas(),
                accessList);
        return TransactionEncoder.encode(
                raw, new Sign.SignatureData((byte) (27 + tx.v().intValueExact()), r, s));
    }

    /** A decoded transaction's top-level RLP items, for changing one and encoding again. */
    static List<RlpType> fields(byte[] raw) {
        int offset = (raw[0] & 0xFF) >= 0xC0 ? 0 : 1;
        byte[] list = Arrays.copyOfRange(raw, offset, raw.length);
        RlpList decoded = (RlpList) RlpDecoder.decode(list).getValues().get(0);
        return new ArrayList<>(decoded.getValues());
    }

    /** {@code fields} as an RLP list, behind {@code type} unless it is negative (legacy). */
    static byte[] assemble(int type, List<RlpType> fields) {
        byte[] list = RlpEncoder.encode(new RlpList(fields));
        if (type < 0) {
            return list;
        }
        byte[] out = new byte[1 + list.length];
        out[0] = (byte) type;
        System.arraycopy(list, 0, out, 1, list.length);
        return out;
    }

    static RlpString uint(BigInteger value) {
        return RlpString.create(value);
    }

    static RlpString raw(byte... bytes) {
        return RlpString.create(bytes);
    }

    static Properties vector(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/vectors/chain/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test vector " + name);
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
