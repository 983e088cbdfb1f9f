package io.lockstep.bench.load;

import java.util.Locale;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * A signed transaction ready to send: its encoding and its hash (Keccak-256 of the encoding, the hash the
 * node reports and blocks list), in lower-case hex.
 */
record SignedTx(long nonce, byte[] encoded, String hash) {

    /** Signs with Web3j; for an EIP-1559 transaction the chain id is inside {@code raw}. */
    static SignedTx sign(RawTransaction raw, Credentials credentials) {
        byte[] encoded = TransactionEncoder.signMessage(raw, credentials);
        return new SignedTx(
                raw.getNonce().longValueExact(),
                encoded,
                Numeric.toHexString(Hash.sha3(encoded)).toLowerCase(Locale.ROOT));
    }
}
