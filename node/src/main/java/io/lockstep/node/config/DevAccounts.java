package io.lockstep.node.config;

import io.lockstep.core.chain.Address;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Hash;

/**
 * The prefunded accounts of a development chain, the same on every machine and every run, so that scripts
 * and tests can hard-code them.
 *
 * <p>Derivation: the private key of account {@code i} (0, 1, 2...) is {@code h mod (n - 1) + 1}, where
 * {@code h} is the Keccak-256 of the UTF-8 text {@code "lockstep dev account " + i} (for instance {@code
 * "lockstep dev account 0"}) read as an unsigned big-endian integer and {@code n} the secp256k1 group
 * order; the result is always a valid key, 1 to n - 1. The address is the Ethereum address of that key.
 *
 * <p>Anyone can compute these keys: they are for local development only.
 */
public final class DevAccounts {

    public static final int DEFAULT_COUNT = 10;

    /** The most accounts {@link #generate(int)} derives: each costs an elliptic-curve multiplication. */
    public static final int MAX_COUNT = 1_000;

    /** 10,000 ether (10^22 wei) per account. */
    public static final BigInteger DEFAULT_BALANCE = BigInteger.valueOf(10_000).multiply(ChainSpec.WEI_PER_ETHER);

    /** The text that, followed by the account's index, is hashed into its private key. */
    public static final String SEED_PREFIX = "lockstep dev account ";

    private final List<DevAccount> accounts;

    private DevAccounts(List<DevAccount> accounts) {
        this.accounts = List.copyOf(accounts);
    }

    /** The first {@code count} accounts, each with {@link #DEFAULT_BALANCE}. */
    public static DevAccounts generate(int count) {
        return generate(count, DEFAULT_BALANCE);
    }

    /** The first {@code count} accounts, each with {@code balance} wei. */
    public static DevAccounts generate(int count, BigInteger balance) {
        Require.between("count", count, 0, MAX_COUNT);
        List<DevAccount> accounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            BigInteger key = privateKey(i);
            accounts.add(new DevAccount(i, ValidatorKey.of(key).address(), key, balance));
        }
        return new DevAccounts(accounts);
    }

    /** The private key of account {@code index}, as the class comment derives it. */
    public static BigInteger privateKey(int index) {
        Require.between("index", index, 0, Integer.MAX_VALUE);
        byte[] digest = Hash.sha3((SEED_PREFIX + index).getBytes(StandardCharsets.UTF_8));
        BigInteger h = new BigInteger(1, digest);
        return h.mod(ValidatorKey.CURVE_ORDER.subtract(BigInteger.ONE)).add(BigInteger.ONE);
    }

    public List<DevAccount> accounts() {
        return accounts;
    }

    /**
     * A development genesis: these accounts funded in index order, {@code validator} the only validator
     * (power 1), default gas limit, base fee and VM versions.
     *
     * @param chainId usually {@link ChainSpec#DEV_CHAIN_ID}
     */
    public Genesis genesis(long chainId, long genesisTime, Address validator) {
        List<Genesis.Allocation> alloc = new ArrayList<>();
        for (DevAccount account : accounts) {
            alloc.add(new Genesis.Allocation(account.address(), account.balance()));
        }
        return Genesis.of(
                chainId,
                genesisTime,
                alloc,
                List.of(new Genesis.Validator(validator, ChainSpec.SINGLE_VALIDATOR_POWER)));
    }

    /**
     * The accounts as {@code lockstep dev} and {@code lockstep init} print them: a warning, then index,
     * address and balance, then index and private key, one account a line.
     */
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("WARNING: these accounts' private keys are published (derived from \"")
                .append(SEED_PREFIX)
                .append("N\").\n")
                .append("Anyone can spend from them: use them only on a development chain, never with real funds.\n\n");
        out.append("Accounts\n========\n");
        for (DevAccount account : accounts) {
            out.append('(')
                    .append(account.index())
                    .append(") ")
                    .append(account.address().toChecksumHex())
                    .append(" (")
                    .append(ether(account.balance()))
                    .append(" ether)\n");
        }
        out.append("\nPrivate keys\n============\n");
        for (DevAccount account : accounts) {
            out.append('(')
                    .append(account.index())
                    .append(") ")
                    .append(account.privateKeyHex())
                    .append('\n');
        }
        return out.toString();
    }

    /** {@code wei} in ether, exact: {@code 10000}, {@code 0.5}. */
    static String ether(BigInteger wei) {
        return new BigDecimal(wei)
                .divide(new BigDecimal(ChainSpec.WEI_PER_ETHER))
                .stripTrailingZeros()
                .toPlainString();
    }
}
