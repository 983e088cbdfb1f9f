package io.lockstep.node.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.node.testing.TestNode;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.Contract;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * Constructor arguments as Web3j's contract factory sends them, {@code code ‖ abi.encode(args)}, to a node
 * over real HTTP: the module ends with its lockstep.end section, the constructor stores the argument, a
 * view reads it back; a reverting constructor leaves a failed receipt and no code; arguments for a module
 * without a constructor are refused.
 */
class ConstructorArgumentsWeb3jTest {

    private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(2_000_000);
    /** The empty custom section {@code lockstep.end}: id 0, size 13, name length 12, the name. */
    private static final byte[] END_SECTION =
            concat(new byte[] {0, 13, 12}, "lockstep.end".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    static Path dir;

    private static TestNode node;
    private static Web3j web3;
    private static byte[] storedValue;

    /** A wrapper as Web3j's generator writes one for a contract with {@code constructor(uint256)} and {@code get()}. */
    public static final class StoredValue extends Contract {

        StoredValue(String address, Web3j web3j, TransactionManager manager, ContractGasProvider gas) {
            super("", address, web3j, manager, gas);
        }

        static StoredValue deploy(Credentials from, byte[] module, long initial, BigInteger value) throws Exception {
            String arguments = FunctionEncoder.encodeConstructor(List.of(new Uint256(initial)));
            return deployRemoteCall(
                            StoredValue.class,
                            web3,
                            manager(from),
                            new StaticGasProvider(GAS_PRICE, GAS_LIMIT),
                            Numeric.toHexStringNoPrefix(module),
                            arguments,
                            value)
                    .send();
        }

        RemoteFunctionCall<BigInteger> get() {
            return executeRemoteCallSingleValueReturn(
                    new Function("get", List.of(), List.of(new TypeReference<Uint256>() {})), BigInteger.class);
        }
    }

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
        web3 = Web3j.build(
                new HttpService("http://127.0.0.1:" + node.node().rpcAddress().getPort()));
        storedValue = concat(TestNode.contract("stored-value.wat"), END_SECTION);
    }

    @AfterAll
    static void stop() {
        if (web3 != null) {
            web3.shutdown();
        }
        if (node != null) {
            node.close();
        }
    }

    @Test
    void theContractFactoryDeploysWithArgumentsAndAViewReadsThemBack() throws Exception {
        Credentials alice = node.account(0);
        StoredValue contract = StoredValue.deploy(alice, storedValue, 42, BigInteger.valueOf(1000));

        TransactionReceipt receipt = contract.getTransactionReceipt().orElseThrow();
        assertTrue(receipt.isStatusOK(), receipt::toString);
        String address = contract.getContractAddress();
        assertEquals(address, receipt.getLogs().get(0).getAddress(), "the constructor's log is the contract's");
        assertEquals(
                Numeric.toHexString(storedValue),
                web3.ethGetCode(address, DefaultBlockParameterName.LATEST)
                        .send()
                        .getCode(),
                "the code is the module without the arguments");
        assertEquals(BigInteger.valueOf(42), contract.get().send());
        assertEquals(
                BigInteger.valueOf(1000),
                web3.ethGetBalance(address, DefaultBlockParameterName.LATEST)
                        .send()
                        .getBalance());

        String data = Numeric.toHexString(storedValue) + FunctionEncoder.encodeConstructor(List.of(new Uint256(42)));
        BigInteger estimate = web3.ethEstimateGas(
                        Transaction.createContractTransaction(alice.getAddress(), null, GAS_PRICE, data))
                .send()
                .getAmountUsed();
        assertEquals(receipt.getGasUsed(), estimate, "the estimate runs the constructor too");
    }

    @Test
    void aRevertingConstructorFailsTheDeployAndLeavesNoCode() throws Exception {
        Credentials bob = node.account(1);
        TransactionException failed =
                assertThrows(TransactionException.class, () -> StoredValue.deploy(bob, storedValue, 0, BigInteger.ONE));
        TransactionReceipt receipt = failed.getTransactionReceipt().orElseThrow();
        assertEquals("0x0", receipt.getStatus());
        assertNotNull(receipt.getContractAddress());
        assertEquals(
                "0x",
                web3.ethGetCode(receipt.getContractAddress(), DefaultBlockParameterName.LATEST)
                        .send()
                        .getCode());
        assertEquals(
                BigInteger.ZERO,
                web3.ethGetBalance(receipt.getContractAddress(), DefaultBlockParameterName.LATEST)
                        .send()
                        .getBalance());
        JsonNode result = node.result("lockstep_getTransactionResult", receipt.getTransactionHash());
        assertEquals("execution reverted", result.get("error").textValue(), result::toString);
        assertEquals(
                "0x08c379a0" + FunctionEncoder.encodeConstructor(List.of(new Utf8String("value must be positive"))),
                result.get("returnData").textValue(),
                "the revert data is the constructor's");

        String data = Numeric.toHexString(storedValue) + FunctionEncoder.encodeConstructor(List.of(new Uint256(0)));
        EthCall call = web3.ethCall(
                        Transaction.createEthCallTransaction(bob.getAddress(), null, data),
                        DefaultBlockParameterName.LATEST)
                .send();
        assertTrue(call.hasError(), call::getValue);
        assertEquals(3, call.getError().getCode());
        assertEquals(
                "execution reverted: value must be positive", call.getError().getMessage());
    }

    @Test
    void argumentsForAModuleWithoutADeployExportAreRefused() throws Exception {
        Credentials carol = node.account(2);
        byte[] ledger = concat(TestNode.contract("ledger.wat"), END_SECTION);
        String data = Numeric.toHexString(ledger) + FunctionEncoder.encodeConstructor(List.of(new Uint256(7)));
        String expected = "constructor arguments given but the module has no deploy export";

        EthCall call = web3.ethCall(
                        Transaction.createEthCallTransaction(carol.getAddress(), null, data),
                        DefaultBlockParameterName.LATEST)
                .send();
        assertTrue(call.hasError(), call::getValue);
        assertEquals(expected, call.getError().getMessage());

        byte[] signed = TestNode.signLegacy(
                carol,
                node.nonce(carol),
                null,
                BigInteger.ZERO,
                Numeric.hexStringToByteArray(data),
                2_000_000,
                GAS_PRICE);
        EthSendTransaction sent =
                web3.ethSendRawTransaction(Numeric.toHexString(signed)).send();
        assertTrue(sent.hasError(), sent::getTransactionHash);
        assertEquals("invalid wasm module: " + expected, sent.getError().getMessage());
    }

    private static TransactionManager manager(Credentials from) {
        return new RawTransactionManager(
                web3, from, TestNode.CHAIN_ID, new PollingTransactionReceiptProcessor(web3, 10, 3_000));
    }

    private static byte[] concat(byte[] first, byte[] second) {
        byte[] out = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, out, first.length, second.length);
        return out;
    }
}
