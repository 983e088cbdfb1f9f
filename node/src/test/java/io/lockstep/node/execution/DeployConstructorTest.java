package io.lockstep.node.execution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.ContractAddress;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.state.StateReader;
import io.lockstep.node.state.WorldState;
import io.lockstep.node.testing.TestNode;
import io.lockstep.vm.CodeHash;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
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
 * A deploy's constructor through the executor: the data split at the module's lockstep.end section, the
 * code gas on the module alone, the constructor's storage, logs, value and fuel, and failures that leave
 * nothing behind but the sender's nonce and gas.
 */
class DeployConstructorTest {

    private static final long CHAIN_ID = 1337;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final ChainRules RULES = new ChainRules(CHAIN_ID, 30_000_000, GWEI, ChainRules.DEFAULT_FUEL_PER_GAS);
    private static final Credentials ALICE =
            Credentials.create("0x4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318");
    private static final Address SENDER = Address.fromHex(ALICE.getAddress());
    private static final Address CONTRACT = ContractAddress.of(SENDER, 0);
    private static final BlockContext BLOCK =
            new BlockContext(1, 1_700_000_000L, Address.fromHex("0x00000000000000000000000000000000000be5ea"));
    private static final long GAS = 2_000_000;
    private static final byte[] END_SECTION =
            concat(new byte[] {0, 13, 12}, "lockstep.end".getBytes(StandardCharsets.US_ASCII));

    private static ContractVm vm;
    private static TransactionExecutor executor;
    private static byte[] module;
    private static byte[] ledger;

    private WorldState state;

    @BeforeAll
    static void setUp() {
        vm = new ContractVm(VmConfig.DEFAULT);
        executor = new TransactionExecutor(RULES, vm, Engine.COMPILED);
        module = concat(TestNode.contract("stored-value.wat"), END_SECTION);
        ledger = TestNode.contract("ledger.wat");
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    @BeforeEach
    void fund() {
        state = new WorldState(StateReader.EMPTY);
        state.setAccount(SENDER, Account.EMPTY.withBalance(BigInteger.TEN.pow(21)));
    }

    @Test
    void theConstructorStoresItsArgumentAndOnlyTheModuleIsCode() {
        byte[] data = concat(module, uint(42));
        Receipt receipt = execute(data, BigInteger.valueOf(1000), GAS);

        assertTrue(receipt.success(), receipt::toString);
        assertEquals(Optional.of(CONTRACT), receipt.contractAddress());
        assertTrue(receipt.fuelUsed() > 0, "the constructor ran, metered");
        assertEquals(
                ChainRules.intrinsicGas(data, true)
                        + module.length * ChainRules.CODE_BYTE_GAS
                        + RULES.gasFor(receipt.fuelUsed()),
                receipt.gasUsed(),
                "calldata gas on the whole data, code gas on the module, the constructor's fuel as gas");
        assertEquals(0, receipt.returnData().length);
        assertEquals(1, receipt.logs().size());
        assertEquals(CONTRACT, receipt.logs().get(0).address(), "the constructor's logs are the contract's");
        assertEquals(Hash32.of(uint(42)), receipt.logs().get(0).topics().get(0));

        Hash32 codeHash = Hash32.of(CodeHash.of(module).bytes());
        Account contract = state.account(CONTRACT);
        assertEquals(Optional.of(codeHash), contract.codeHash());
        assertEquals(BigInteger.valueOf(1000), contract.balance(), "the value moved before the constructor ran");
        assertArrayEquals(module, state.get(StateKeys.code(codeHash)), "the arguments are not code");
        assertArrayEquals(uint(42), state.get(StateKeys.storage(CONTRACT, bytes("value"))));
        assertArrayEquals(SENDER.bytes(), state.get(StateKeys.storage(CONTRACT, bytes("owner"))));

        CallResult read = executor.simulate(
                new CallRequest(SENDER, Optional.of(CONTRACT), BigInteger.ZERO, new byte[0], 1_000_000), BLOCK, state);
        assertTrue(read.success(), () -> read.error().toString());
        assertArrayEquals(uint(42), read.returnData());
    }

    @Test
    void aRevertingConstructorLeavesNoAccountCodeOrStorage() {
        byte[] data = concat(module, uint(0));
        Receipt receipt = execute(data, BigInteger.valueOf(1000), GAS);

        assertFalse(receipt.success());
        assertEquals(Optional.of("execution reverted"), receipt.error());
        assertArrayEquals(AbiCodec.errorReason("value must be positive"), receipt.returnData());
        assertTrue(receipt.logs().isEmpty());
        assertEquals(
                ChainRules.intrinsicGas(data, true)
                        + module.length * ChainRules.CODE_BYTE_GAS
                        + RULES.gasFor(receipt.fuelUsed()),
                receipt.gasUsed());
        assertNothingDeployed();
    }

    @Test
    void aTrappingConstructorOrOneOutOfGasUsesAllTheGas() {
        Receipt trapped = execute(concat(module, uint(1)), BigInteger.ZERO, GAS);
        assertEquals(Optional.of("trapped: UNREACHABLE"), trapped.error());
        assertEquals(GAS, trapped.gasUsed());
        assertNothingDeployed();

        fund();
        Receipt spun = execute(concat(module, uint(2)), BigInteger.ZERO, GAS);
        assertEquals(Optional.of("out of gas"), spun.error());
        assertEquals(GAS, spun.gasUsed());
        assertNothingDeployed();
    }

    @Test
    void argumentsWithoutADeployExportFailTheDeploy() {
        byte[] plain = concat(ledger, END_SECTION);
        byte[] data = concat(plain, uint(7));
        assertEquals(Optional.of(ContractVm.INPUT_WITHOUT_CONSTRUCTOR), executor.deployRefusal(data));

        Receipt receipt = execute(data, BigInteger.ZERO, GAS);
        assertEquals(Optional.of("constructor arguments given but the module has no deploy export"), receipt.error());
        assertEquals(ChainRules.intrinsicGas(data, true) + plain.length * ChainRules.CODE_BYTE_GAS, receipt.gasUsed());
        assertNothingDeployed();

        fund();
        assertEquals(Optional.empty(), executor.deployRefusal(plain));
        assertTrue(execute(plain, BigInteger.ZERO, GAS).success(), "the marker alone: no input, no constructor");
    }

    @Test
    void refusalsNameTheModulesFault() {
        assertEquals(Optional.empty(), executor.deployRefusal(concat(module, uint(0))), "a revert is not certain");
        assertTrue(executor.deployRefusal(new byte[] {0, 'a', 's', 'm'}).isPresent());
        // bytes after a module without the marker are module bytes, which the pipeline refuses
        assertTrue(executor.deployRefusal(concat(ledger, uint(7))).isPresent());
    }

    @Test
    void simulatingADeployRunsTheConstructor() {
        CallResult ok = executor.simulate(
                new CallRequest(SENDER, Optional.empty(), BigInteger.ZERO, concat(module, uint(5)), GAS), BLOCK, state);
        assertTrue(ok.success(), () -> ok.error().toString());
        assertEquals(1, ok.logs().size());
        Receipt receipt = execute(concat(module, uint(5)), BigInteger.ZERO, GAS);
        assertEquals(receipt.gasUsed(), ok.gasUsed(), "the estimate is the gas the deploy uses");

        CallResult reverted = executor.simulate(
                new CallRequest(SENDER, Optional.empty(), BigInteger.ZERO, concat(module, uint(0)), GAS), BLOCK, state);
        assertTrue(reverted.reverted(), () -> reverted.error().toString());
    }

    private Receipt execute(byte[] data, BigInteger value, long gas) {
        long nonce = state.account(SENDER).nonce();
        RawTransaction raw = RawTransaction.createTransaction(
                CHAIN_ID,
                BigInteger.valueOf(nonce),
                BigInteger.valueOf(gas),
                "",
                value,
                Numeric.toHexString(data),
                GWEI,
                GWEI.multiply(BigInteger.TWO));
        SignedTransaction tx = TransactionDecoder.decode(TransactionEncoder.signMessage(raw, ALICE));
        TxResult result = executor.execute(tx, BLOCK, state, 0);
        return assertInstanceOf(TxResult.Included.class, result, result::toString)
                .receipt();
    }

    /** The failed deploy at nonce 0 left no trace at its address; the sender's nonce moved on. */
    private void assertNothingDeployed() {
        assertEquals(Account.EMPTY, state.account(CONTRACT));
        assertNull(state.get(StateKeys.code(Hash32.of(CodeHash.of(module).bytes()))));
        assertNull(state.get(StateKeys.storage(CONTRACT, bytes("value"))));
        assertEquals(1, state.account(SENDER).nonce());
    }

    private static byte[] uint(long value) {
        byte[] word = new byte[32];
        for (int i = 0; i < 8; i++) {
            word[31 - i] = (byte) (value >>> (8 * i));
        }
        return word;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        byte[] out = new byte[0];
        for (byte[] part : parts) {
            int at = out.length;
            out = Arrays.copyOf(out, at + part.length);
            System.arraycopy(part, 0, out, at, part.length);
        }
        return out;
    }
}
