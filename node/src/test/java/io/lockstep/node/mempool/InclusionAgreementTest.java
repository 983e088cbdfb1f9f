package io.lockstep.node.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.execution.InvalidReason;
import io.lockstep.node.execution.TransactionExecutor;
import io.lockstep.node.execution.TxResult;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.state.StateReader;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * The mempool admits exactly the transactions a block's execution would find includable, as far as the
 * fee, gas, nonce and balance rules go: for transactions drawn from seeds, each breaking none, one or
 * several rules, {@link TransactionExecutor#check} and {@link Mempool#add} agree, and for one broken rule
 * they name the same rule with the same detail.
 */
class InclusionAgreementTest {

    private static final long CHAIN_ID = 1337;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final ChainRules RULES = new ChainRules(CHAIN_ID, 30_000_000, GWEI, ChainRules.DEFAULT_FUEL_PER_GAS);
    private static final int SEEDS = 300;

    /** The rules the pool applies at admission. */
    private static final Set<InvalidReason> ADMISSION_RULES =
            EnumSet.complementOf(EnumSet.of(InvalidReason.NONCE_TOO_HIGH, InvalidReason.BLOCK_FULL));

    /**
     * The ones a signed transaction can break: the decoder already refuses a tip above the fee cap, so no
     * {@link SignedTransaction} has one.
     */
    private static final Set<InvalidReason> BREAKABLE = EnumSet.complementOf(
            EnumSet.of(InvalidReason.NONCE_TOO_HIGH, InvalidReason.BLOCK_FULL, InvalidReason.TIP_ABOVE_FEE_CAP));

    private static final List<Credentials> SENDERS = List.of(
            Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"),
            Credentials.create("0x6c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318"));

    private static ContractVm vm;
    private static TransactionExecutor executor;

    @BeforeAll
    static void start() {
        vm = new ContractVm(VmConfig.DEFAULT);
        executor = new TransactionExecutor(RULES, vm, Engine.COMPILED);
    }

    @AfterAll
    static void stop() {
        vm.close();
    }

    @Test
    void thePoolAndTheBlocksAgreeOnEveryTransaction() {
        Map<InvalidReason, Integer> alone = new EnumMap<>(InvalidReason.class);
        int valid = 0;
        for (long seed = 0; seed < SEEDS; seed++) {
            Random random = new Random(seed);
            Set<InvalidReason> broken = brokenRules(random);
            Case drawn = draw(random, broken);
            long shown = seed;
            String where = "seed " + shown + ", breaking " + broken;

            Optional<TxResult.Invalid> verdict = executor.check(drawn.tx(), drawn.state(), 0);
            Admission admission = pool(drawn.sender()).add(drawn.tx());

            if (broken.isEmpty()) {
                assertTrue(verdict.isEmpty(), () -> where + ": " + verdict);
                assertInstanceOf(Admission.Accepted.class, admission, where);
                valid++;
                continue;
            }
            TxResult.Invalid invalid = verdict.orElseThrow(() -> new AssertionError(where + ": includable"));
            Admission.Rejected rejected = assertInstanceOf(Admission.Rejected.class, admission, where);
            assertTrue(broken.contains(invalid.reason()), () -> where + ": the block says " + invalid.message());
            assertTrue(
                    broken.stream().map(Rejection::of).anyMatch(rejected.reason()::equals),
                    () -> where + ": the pool says " + rejected.message());
            if (broken.size() == 1) {
                assertEquals(Rejection.of(invalid.reason()), rejected.reason(), where);
                assertEquals(invalid.detail(), rejected.detail(), where);
                alone.merge(invalid.reason(), 1, Integer::sum);
            }
        }
        assertTrue(valid > 0, "some transactions break no rule");
        assertEquals(BREAKABLE, alone.keySet(), () -> "every rule was broken alone at least once: " + alone);
    }

    @Test
    void theRulesOfABlockBeingBuiltAreNotThePools() {
        assertThrows(IllegalArgumentException.class, () -> Rejection.of(InvalidReason.NONCE_TOO_HIGH));
        assertThrows(IllegalArgumentException.class, () -> Rejection.of(InvalidReason.BLOCK_FULL));
        for (InvalidReason reason : ADMISSION_RULES) {
            assertEquals(reason.name(), Rejection.of(reason).name(), "one name for one rule");
        }
    }

    /** A transaction, its sender's account and the state holding that account. */
    private record Case(SignedTransaction tx, Account sender, StateReader state) {}

    /** None, one, or a few of the rules, a third of the time each. */
    private static Set<InvalidReason> brokenRules(Random random) {
        List<InvalidReason> rules = List.copyOf(BREAKABLE);
        Set<InvalidReason> broken = EnumSet.noneOf(InvalidReason.class);
        switch (random.nextInt(3)) {
            case 0 -> {}
            case 1 -> broken.add(rules.get(random.nextInt(rules.size())));
            default -> {
                for (InvalidReason rule : rules) {
                    if (random.nextInt(3) == 0) {
                        broken.add(rule);
                    }
                }
            }
        }
        // A gas limit cannot be both below the intrinsic gas and above the block's.
        if (broken.contains(InvalidReason.INTRINSIC_GAS_TOO_LOW)) {
            broken.remove(InvalidReason.GAS_LIMIT_ABOVE_BLOCK);
        }
        return broken;
    }

    /** A transaction and a sender that break exactly the {@code broken} rules. */
    private static Case draw(Random random, Set<InvalidReason> broken) {
        Credentials from = SENDERS.get(random.nextInt(SENDERS.size()));
        long stateNonce = 1 + random.nextInt(1000);
        long nonce = broken.contains(InvalidReason.NONCE_TOO_LOW) ? random.nextInt((int) stateNonce) : stateNonce;
        byte[] data = new byte[random.nextInt(65)];
        random.nextBytes(data);
        long intrinsic = ChainRules.intrinsicGas(data, false);
        long gas;
        if (broken.contains(InvalidReason.INTRINSIC_GAS_TOO_LOW)) {
            gas = random.nextInt((int) intrinsic);
        } else if (broken.contains(InvalidReason.GAS_LIMIT_ABOVE_BLOCK)) {
            gas = RULES.blockGasLimit() + 1 + random.nextInt(1_000_000);
        } else {
            gas = intrinsic + random.nextInt((int) (RULES.blockGasLimit() - intrinsic + 1));
        }
        BigInteger base = RULES.baseFeePerGas();
        BigInteger feeCap = broken.contains(InvalidReason.FEE_CAP_BELOW_BASE_FEE)
                ? below(random, base)
                : base.add(below(random, GWEI.multiply(BigInteger.TEN)));
        BigInteger tip = below(random, feeCap.add(BigInteger.ONE));
        boolean funds = broken.contains(InvalidReason.INSUFFICIENT_FUNDS);
        // At least 1 wei when the sender must fall short, so that the cost is never zero.
        BigInteger value = below(random, BigInteger.TEN.pow(18)).add(funds ? BigInteger.ONE : BigInteger.ZERO);
        long chainId = broken.contains(InvalidReason.WRONG_CHAIN_ID) ? CHAIN_ID + 1 + random.nextInt(1000) : CHAIN_ID;
        byte[] to = new byte[Address.LENGTH];
        random.nextBytes(to);

        RawTransaction raw;
        byte[] signed;
        if (random.nextBoolean()) {
            raw = RawTransaction.createTransaction(
                    BigInteger.valueOf(nonce),
                    feeCap,
                    BigInteger.valueOf(gas),
                    Numeric.toHexString(to),
                    value,
                    Numeric.toHexString(data));
            signed = TransactionEncoder.signMessage(raw, chainId, from);
        } else {
            raw = RawTransaction.createTransaction(
                    chainId,
                    BigInteger.valueOf(nonce),
                    BigInteger.valueOf(gas),
                    Numeric.toHexString(to),
                    value,
                    Numeric.toHexString(data),
                    tip,
                    feeCap);
            signed = TransactionEncoder.signMessage(raw, from);
        }
        SignedTransaction tx = TransactionDecoder.decode(signed);

        BigInteger cost = tx.maxCost();
        BigInteger balance = funds ? below(random, cost) : cost.add(below(random, BigInteger.TEN.pow(20)));
        Optional<Hash32> code = broken.contains(InvalidReason.SENDER_IS_CONTRACT)
                ? Optional.of(Hash32.keccak256(data))
                : Optional.empty();
        Account sender = new Account(stateNonce, balance, code);
        byte[] key = StateKeys.account(tx.from());
        byte[] encoded = sender.encode();
        StateReader state = k -> Arrays.equals(k, key) ? encoded : null;
        return new Case(tx, sender, state);
    }

    /** A fresh pool whose head has {@code sender} as the only account. */
    private static Mempool pool(Account sender) {
        return new Mempool(MempoolConfig.DEFAULT, RULES, address -> sender, wasm -> Optional.empty());
    }

    /** A uniform value in [0, bound); bound is positive. */
    private static BigInteger below(Random random, BigInteger bound) {
        BigInteger value;
        do {
            value = new BigInteger(bound.bitLength(), random);
        } while (value.compareTo(bound) >= 0);
        return value;
    }
}
