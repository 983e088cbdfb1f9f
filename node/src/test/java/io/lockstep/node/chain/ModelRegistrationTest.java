package io.lockstep.node.chain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.Receipt;
import io.lockstep.nn.DType;
import io.lockstep.node.execution.ModelRegistryContract;
import io.lockstep.node.execution.StateModelRegistry;
import io.lockstep.node.state.ModelRecord;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.testing.OnnxFiles;
import io.lockstep.vm.ModelHash;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/** Registering ONNX models by transaction, through the registry contract's Solidity ABI. */
class ModelRegistrationTest {

    private static final Credentials ALICE = TestChain.ACCOUNTS.get(0);
    private static final Credentials BOB = TestChain.ACCOUNTS.get(1);
    private static final long GAS = 5_000_000;

    @TempDir
    Path dir;

    private TestChain chain;
    private byte[] relu;
    private byte[] sigmoid;

    @BeforeEach
    void open() throws IOException {
        chain = TestChain.open(dir.resolve("chain"));
        Files.createDirectories(dir.resolve("models"));
        relu = Files.readAllBytes(OnnxFiles.unaryModel(dir.resolve("models"), "Relu", DType.FLOAT, 1, 4));
        sigmoid = Files.readAllBytes(OnnxFiles.unaryModel(dir.resolve("models"), "Sigmoid", DType.FLOAT, 1, 4));
    }

    @AfterEach
    void close() {
        chain.close();
    }

    @Test
    void aRegisteredModelIsStoredByHashNamedAndAnnounced() {
        Receipt receipt = register(ALICE, "relu", relu, BigInteger.ZERO);

        assertTrue(receipt.success(), receipt.toString());
        Hash32 hash = Hash32.sha256(relu);
        assertArrayEquals(hash.bytes(), receipt.returnData());
        Log log = receipt.logs().get(0);
        assertEquals(ModelRegistryContract.ADDRESS, log.address());
        assertEquals(ModelRegistryContract.REGISTERED_TOPIC, log.topics().get(0));
        assertEquals(hash, log.topics().get(1));
        assertArrayEquals(
                Arrays.copyOf(new byte[12], 12),
                Arrays.copyOf(log.topics().get(2).bytes(), 12));
        assertEquals(
                TestChain.address(ALICE),
                Address.of(Arrays.copyOfRange(log.topics().get(2).bytes(), 12, 32)));
        assertEquals("relu", decodeString(log.data()));

        var state = chain.chain.state(chain.chain.committedHeight());
        assertArrayEquals(relu, state.get(StateKeys.model(hash)));
        ModelRecord record = ModelRecord.decode(state.get(StateKeys.modelRecord(hash)));
        assertEquals(
                new ModelRecord(TestChain.address(ALICE), chain.chain.committedHeight(), relu.length, "relu"), record);
        assertEquals(Optional.of(ModelHash.fromBytes(hash.bytes())), new StateModelRegistry(state).resolve("relu"));
        assertTrue(new StateModelRegistry(state).contains(ModelHash.fromBytes(hash.bytes())));
    }

    @Test
    void onlyTheNamesOwnerMovesItToAnotherModel() {
        assertTrue(register(ALICE, "classifier", relu, BigInteger.ZERO).success());

        Receipt taken = register(BOB, "classifier", sigmoid, BigInteger.ZERO);
        assertFalse(taken.success());
        assertTrue(reason(taken).contains("belongs to another account"), reason(taken));

        assertTrue(register(ALICE, "classifier", sigmoid, BigInteger.ZERO).success());
        var registry = new StateModelRegistry(chain.chain.state(chain.chain.committedHeight()));
        assertEquals(Optional.of(ModelHash.of(sigmoid)), registry.resolve("classifier"));
        assertTrue(registry.contains(ModelHash.of(relu)), "the old model stays registered by hash");
    }

    @Test
    void modelsTheEngineRefusesBadNamesValueAndUnknownFunctionsRevertWithReasons() throws IOException {
        byte[] unsupported = Files.readAllBytes(OnnxFiles.unaryModel(dir.resolve("models"), "Foo", DType.FLOAT, 1, 4));
        // fixed codes only: the engine's explanation is not part of the receipt
        assertRevertsExactly(
                register(ALICE, "foo", unsupported, BigInteger.ZERO),
                "model refused: unsupported_operation (UNSUPPORTED_OPERATOR)");
        assertReverts(register(ALICE, "no spaces", relu, BigInteger.ZERO), "model names are");
        assertRevertsExactly(
                register(ALICE, "relu", new byte[] {1, 2, 3}, BigInteger.ZERO),
                "model refused: invalid_encoding (MALFORMED_MODEL)");
        assertReverts(register(ALICE, "relu", relu, BigInteger.ONE), "does not accept value");
        Receipt unknown = chain.execute(chain.sign(
                ALICE, Optional.of(ModelRegistryContract.ADDRESS), BigInteger.ZERO, new byte[] {1, 2, 3, 4}, GAS));
        assertReverts(unknown, "unknown function");
        assertFalse(new StateModelRegistry(chain.chain.state(chain.chain.committedHeight()))
                .contains(ModelHash.of(unsupported)));
    }

    private Receipt register(Credentials from, String name, byte[] model, BigInteger value) {
        String calldata = FunctionEncoder.encode(
                new Function("registerModel", List.of(new Utf8String(name), new DynamicBytes(model)), List.of()));
        return chain.execute(chain.sign(
                from, Optional.of(ModelRegistryContract.ADDRESS), value, Numeric.hexStringToByteArray(calldata), GAS));
    }

    private static void assertRevertsExactly(Receipt receipt, String reason) {
        assertFalse(receipt.success(), receipt.toString());
        assertEquals(reason, reason(receipt));
    }

    private static void assertReverts(Receipt receipt, String reasonPart) {
        assertFalse(receipt.success(), receipt.toString());
        assertTrue(reason(receipt).contains(reasonPart), reason(receipt));
    }

    /** The {@code Error(string)} revert reason, decoded with Web3j as a client would. */
    private static String reason(Receipt receipt) {
        byte[] data = receipt.returnData();
        assertEquals("0x08c379a0", Numeric.toHexString(Arrays.copyOf(data, 4)));
        return decodeString(Arrays.copyOfRange(data, 4, data.length));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static String decodeString(byte[] abi) {
        List<TypeReference<Type>> types = List.of((TypeReference) new TypeReference<Utf8String>() {});
        List<Type> decoded = FunctionReturnDecoder.decode(Numeric.toHexString(abi), types);
        return (String) decoded.get(0).getValue();
    }
}
