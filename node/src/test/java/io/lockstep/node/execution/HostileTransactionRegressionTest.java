package io.lockstep.node.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateReader;
import io.lockstep.node.state.WorldState;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.math.BigInteger;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.utils.Numeric;

/**
 * Transactions that the hostile-transaction simulation found throwing out of execution, which would halt
 * a validator (or fork the chain, where only some validators throw): each must now end in a receipt.
 */
class HostileTransactionRegressionTest {

    private static final long CHAIN_ID = 1337;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final ChainRules RULES = new ChainRules(CHAIN_ID, 30_000_000, GWEI, ChainRules.DEFAULT_FUEL_PER_GAS);
    private static final Credentials SENDER = Credentials.create("0x1000");
    private static final BlockContext BLOCK =
            new BlockContext(1, 1_700_000_000L, Address.fromHex("0x00000000000000000000000000000000000be5ea"));
    private static final long GAS = 1_000_000;

    private static ContractVm vm;
    private static TransactionExecutor executor;

    private WorldState state;

    @BeforeAll
    static void setUp() {
        vm = new ContractVm(VmConfig.DEFAULT);
        executor = new TransactionExecutor(RULES, vm, Engine.COMPILED);
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    @BeforeEach
    void fund() {
        state = new WorldState(StateReader.EMPTY);
        state.setAccount(address(), Account.EMPTY.withBalance(BigInteger.TEN.pow(18)));
    }

    /**
     * Chicory's parser checks this body (an {@code else} after an instruction, outside any {@code if})
     * with an {@code assert}: with assertions on, as in this test's JVM, it threw {@link AssertionError}
     * out of the deploy, where a JVM without {@code -ea} refuses the module as invalid.
     */
    @Test
    void aModuleChicoryAssertsOnIsRefusedWhateverTheJvmsAssertionFlag() {
        boolean assertionsOn = false;
        assert assertionsOn = true;
        assumeTrue(assertionsOn, "needs -ea, which Surefire gives by default, to reach Chicory's assertion");
        byte[] module = {
            0,
            'a',
            's',
            'm',
            1,
            0,
            0,
            0, // header
            1,
            4,
            1,
            0x60,
            0,
            0, // one type, () -> ()
            3,
            2,
            1,
            0, // one function of it
            10,
            6,
            1,
            4,
            0,
            0x7f,
            5,
            0x0b // its body: no locals, i64.div_s, else, end
        };

        Receipt receipt = send(Optional.empty(), module);

        assertEquals(Optional.of("invalid module: INVALID"), receipt.error());
        assertEquals(
                ChainRules.intrinsicGas(module, true) + module.length * ChainRules.CODE_BYTE_GAS, receipt.gasUsed());
    }

    private Receipt send(Optional<Address> to, byte[] data) {
        RawTransaction raw = RawTransaction.createTransaction(
                CHAIN_ID,
                BigInteger.valueOf(state.account(address()).nonce()),
                BigInteger.valueOf(GAS),
                to.map(Address::toHex).orElse(""),
                BigInteger.ZERO,
                Numeric.toHexString(data),
                GWEI,
                GWEI.multiply(BigInteger.TWO));
        SignedTransaction tx = TransactionDecoder.decode(TransactionEncoder.signMessage(raw, SENDER));
        TxResult result = executor.execute(tx, BLOCK, state, 0);
        return assertInstanceOf(TxResult.Included.class, result, result::toString)
                .receipt();
    }

    private static Address address() {
        return Address.fromHex(SENDER.getAddress());
    }
}
