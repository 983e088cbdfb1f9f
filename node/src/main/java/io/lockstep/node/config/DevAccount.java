package io.lockstep.node.config;

import io.lockstep.core.chain.Address;
import java.math.BigInteger;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;

/**
 * One development account as {@link DevAccounts} derives it: its index, address, private key and the
 * balance the dev genesis gives it. The key is public knowledge; see {@link DevAccounts}.
 */
public record DevAccount(int index, Address address, BigInteger privateKey, BigInteger balance) {

    public DevAccount {
        Require.between("index", index, 0, Integer.MAX_VALUE);
        Require.present("address", address);
        Require.present("privateKey", privateKey);
        Require.present("balance", balance);
        try {
            Scalars.checkUint256(balance);
        } catch (ConfigException e) {
            throw e.under("balance");
        }
    }

    /** {@code 0x} and 64 hex digits, as wallets import keys. */
    public String privateKeyHex() {
        return ValidatorKey.of(privateKey).privateKeyHex();
    }

    /** Web3j's signer for this account. */
    public Credentials credentials() {
        return Credentials.create(ECKeyPair.create(privateKey));
    }
}
