package io.lockstep.bench.load;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.StaticArray4;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.utils.Numeric;

/**
 * What a write scenario's transactions are: EIP-1559 transactions whose fee caps come from the chain's
 * base fee, and whose recipient and data come from a seeded random source, so that a run can be repeated.
 */
final class TransactionTemplate {

    /** Tip per gas offered to the proposer. */
    static final BigInteger TIP = BigInteger.valueOf(1_000_000_000L);

    /**
     * The ranges, in millimetres, of the four Iris measurements in the classifier's training data (sepal
     * length and width, petal length and width): the inputs stay inside what the model was made for.
     */
    private static final int[][] IRIS_RANGES_MM = {{43, 79}, {20, 44}, {10, 69}, {1, 25}};

    private final Scenario scenario;
    private final long chainId;
    private final BigInteger maxFee;
    private final long gasLimit;
    private final String contract;
    private final String[] recipients;

    /**
     * @param baseFee the chain's base fee per gas; the fee cap is twice it plus the tip, so that the
     *     transactions stay includable if it rises
     * @param contract the classifier for {@link Scenario#CLASSIFY}, otherwise unused
     * @param recipients how many distinct addresses transfers go to (derived from {@code seed})
     */
    TransactionTemplate(
            Scenario scenario,
            long chainId,
            BigInteger baseFee,
            long gasLimit,
            String contract,
            int recipients,
            long seed) {
        if (!scenario.writes()) {
            throw new IllegalArgumentException(scenario.wireName() + " sends no transactions");
        }
        this.scenario = scenario;
        this.chainId = chainId;
        this.maxFee = baseFee.shiftLeft(1).add(TIP);
        this.gasLimit = gasLimit;
        this.contract = contract;
        this.recipients = scenario == Scenario.TRANSFERS ? recipientAddresses(recipients, seed) : new String[0];
    }

    /** The unsigned transaction {@code sender} sends with {@code nonce}; {@code random} picks its content. */
    RawTransaction build(long nonce, SplittableRandom random) {
        BigInteger gas = BigInteger.valueOf(gasLimit);
        BigInteger n = BigInteger.valueOf(nonce);
        if (scenario == Scenario.TRANSFERS) {
            String to = recipients[random.nextInt(recipients.length)];
            return RawTransaction.createTransaction(chainId, n, gas, to, BigInteger.ONE, "0x", TIP, maxFee);
        }
        return RawTransaction.createTransaction(
                chainId, n, gas, contract, BigInteger.ZERO, classifyCalldata(random), TIP, maxFee);
    }

    /** {@code classify(uint16[4])} with measurements drawn inside the training data's ranges. */
    static String classifyCalldata(SplittableRandom random) {
        List<Uint16> values = Arrays.stream(IRIS_RANGES_MM)
                .map(range -> new Uint16(random.nextInt(range[0], range[1] + 1)))
                .toList();
        return FunctionEncoder.encode(
                new Function("classify", List.of(new StaticArray4<>(Uint16.class, values)), List.of()));
    }

    /** Addresses nobody holds a key for: the last 20 bytes of Keccak-256 of the seed and an index. */
    private static String[] recipientAddresses(int count, long seed) {
        String[] out = new String[count];
        for (int i = 0; i < count; i++) {
            byte[] digest = Hash.sha3(
                    ("lockstep load recipient " + seed + " " + i).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            out[i] = Numeric.toHexString(Arrays.copyOfRange(digest, 12, 32));
        }
        return out;
    }
}
