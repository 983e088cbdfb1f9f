package io.lockstep.node.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.ContractAddress;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.state.StateReader;
import io.lockstep.node.state.WorldState;
import io.lockstep.node.testing.TestNode;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.function.IntFunction;
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
 * a validator (or fork the chain, where only some validators throw): each must now end in a receipt. And
 * its storage and log bombs, which cost too little under fuel schedule version 5 (one transaction wrote
 * 1.15 million new keys): under a 28,000,000 gas limit, the most a transaction can now keep.
 */
class HostileTransactionRegressionTest {

    private static final long CHAIN_ID = 1337;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final ChainRules RULES = new ChainRules(CHAIN_ID, 30_000_000, GWEI, ChainRules.DEFAULT_FUEL_PER_GAS);
    private static final Credentials SENDER = Credentials.create("0x1000");
    private static final BlockContext BLOCK =
            new BlockContext(1, 1_700_000_000L, Address.fromHex("0x00000000000000000000000000000000000be5ea"));
    private static final long GAS = 1_000_000;
    private static final long BOMB_GAS = 28_000_000;
    private static final int WRITE_MANY = 18;
    private static final int LOG_MANY = 19;
    /** The most logs a call may emit (docs/spec/abi.md, "Limits"). */
    private static final int MAX_LOGS = 1_024;

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

    /**
     * host-program.wat's step 18 writes keys 0, 1, 2, ... (4 bytes each) with a 32-byte value: a storage
     * bomb. A block of 30,000,000 gas holds about 1,400 new slots of a 32-byte key and value; 4-byte keys
     * make a little more fit.
     */
    @Test
    void aStorageBombUnder28MillionGasCreatesFewerThan2000Keys() {
        Address contract = deployHostProgram();

        int most = mostThatSucceed(contract, 100_000, n -> step(WRITE_MANY, n, 64, 32, 0, 0));

        System.out.println("storage bomb: at most " + most + " new keys under " + BOMB_GAS + " gas");
        assertTrue(most > 1_000 && most < 2_000, "new keys one transaction can create: " + most);
        Receipt receipt = call(contract, step(WRITE_MANY, most, 64, 32, 0, 0), BOMB_GAS, state);
        assertTrue(receipt.success(), receipt::toString);
        assertNotNull(state.get(StateKeys.storage(contract, le(most - 1))), "the last key is kept");
        assertNull(state.get(StateKeys.storage(contract, le(most))));
    }

    /** host-program.wat's step 19 emits the same log many times: 4 topics and 64 KiB of data each. */
    @Test
    void aLogBombUnder28MillionGasKeepsLessThan4MegabytesOfLogs() {
        Address contract = deployHostProgram();

        int most = mostThatSucceed(contract, MAX_LOGS, n -> step(LOG_MANY, n, 0, 4, 0, 65_536));

        long bytes = most * 65_536L;
        System.out.println(
                "log bomb: at most " + most + " logs of 64 KiB (" + bytes + " bytes) under " + BOMB_GAS + " gas");
        assertTrue(most > 0 && bytes < 4_000_000, "log bytes one transaction can keep: " + bytes);
        Receipt receipt = call(contract, step(LOG_MANY, most, 0, 4, 0, 65_536), BOMB_GAS, state);
        assertEquals(most, receipt.logs().size(), receipt::toString);
    }

    private Address deployHostProgram() {
        Address contract =
                ContractAddress.of(address(), state.account(address()).nonce());
        Receipt deployed = send(Optional.empty(), TestNode.contract("host-program.wat"), 3_000_000, state);
        assertTrue(deployed.success(), deployed::toString);
        return contract;
    }

    /**
     * The largest count, below {@code ceiling}, for which a call running {@code program} succeeds under
     * {@link #BOMB_GAS}: a binary search, each try on a layer of its own that is dropped.
     */
    private int mostThatSucceed(Address contract, int ceiling, IntFunction<byte[]> program) {
        assertFalse(
                call(contract, program.apply(ceiling), BOMB_GAS, state.child()).success(),
                "a bomb of " + ceiling + " succeeds under " + BOMB_GAS + " gas");
        int ok = 0;
        int fails = ceiling;
        while (fails - ok > 1) {
            int mid = (ok + fails) >>> 1;
            if (call(contract, program.apply(mid), BOMB_GAS, state.child()).success()) {
                ok = mid;
            } else {
                fails = mid;
            }
        }
        return ok;
    }

    private Receipt call(Address contract, byte[] program, long gas, WorldState on) {
        return send(Optional.of(contract), program, gas, on);
    }

    /** One host-program.wat step: the opcode and five little-endian i32 arguments. */
    private static byte[] step(int op, int a, int b, int c, int d, int e) {
        ByteBuffer step = ByteBuffer.allocate(21).order(ByteOrder.LITTLE_ENDIAN);
        step.put((byte) op).putInt(a).putInt(b).putInt(c).putInt(d).putInt(e);
        return step.array();
    }

    private static byte[] le(int value) {
        return ByteBuffer.allocate(4)
                .order(ByteOrder.LITTLE_ENDIAN)
                .putInt(value)
                .array();
    }

    private Receipt send(Optional<Address> to, byte[] data) {
        return send(to, data, GAS, state);
    }

    private Receipt send(Optional<Address> to, byte[] data, long gas, WorldState on) {
        RawTransaction raw = RawTransaction.createTransaction(
                CHAIN_ID,
                BigInteger.valueOf(on.account(address()).nonce()),
                BigInteger.valueOf(gas),
                to.map(Address::toHex).orElse(""),
                BigInteger.ZERO,
                Numeric.toHexString(data),
                GWEI,
                GWEI.multiply(BigInteger.TWO));
        SignedTransaction tx = TransactionDecoder.decode(TransactionEncoder.signMessage(raw, SENDER));
        TxResult result = executor.execute(tx, BLOCK, on, 0);
        return assertInstanceOf(TxResult.Included.class, result, result::toString)
                .receipt();
    }

    private static Address address() {
        return Address.fromHex(SENDER.getAddress());
    }
}
