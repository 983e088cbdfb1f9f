package io.lockstep.node.rpc.eth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.core.chain.Hash32;
import io.lockstep.nn.DType;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.execution.ModelRegistryContract;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.testing.OnnxFiles;
import io.lockstep.node.testing.TestNode;
import io.lockstep.vm.VmConfig;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.crypto.Credentials;
import org.web3j.utils.Numeric;

/**
 * The {@code lockstep_} namespace on a real node: node info, validators, the models registered by
 * transactions (a model registered twice, a name moved to another model), and the result of a contract
 * call that ran inference on one of them.
 */
class LockstepNamespaceTest {

    private static final String ZERO_HASH = "0x" + "00".repeat(32);

    @TempDir
    static Path dir;

    private static TestNode node;
    private static Credentials alice;
    private static Credentials bob;
    private static byte[] relu;
    private static byte[] sigmoid;
    private static JsonNode reluByAlice;
    private static JsonNode sigmoidBySig;
    private static JsonNode reluAsRelu2;
    private static JsonNode reluAsSig;
    private static JsonNode callerDeploy;
    private static JsonNode inference;
    private static JsonNode failedInference;
    private static JsonNode transfer;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir);
        alice = node.account(0);
        bob = node.account(1);
        relu = Files.readAllBytes(OnnxFiles.unaryModel(dir, "Relu", DType.FLOAT, 1, 4));
        sigmoid = Files.readAllBytes(OnnxFiles.unaryModel(dir, "Sigmoid", DType.FLOAT, 1, 4));
        reluByAlice = register(alice, "relu", relu);
        sigmoidBySig = register(bob, "sig", sigmoid);
        reluAsRelu2 = register(bob, "relu2", relu);
        callerDeploy = node.transact(alice, null, BigInteger.ZERO, TestNode.contract("relu-caller.wat"), 20_000_000);
        String caller = callerDeploy.get("contractAddress").textValue();
        inference = node.transact(alice, caller, BigInteger.ZERO, floats(-1.5f, 2f, -0.25f, 3.25f), 5_000_000);
        assertEquals("0x1", inference.get("status").textValue(), inference::toString);
        failedInference = node.transact(alice, caller, BigInteger.ZERO, new byte[3], 5_000_000);
        assertEquals("0x0", failedInference.get("status").textValue(), failedInference::toString);
        reluAsSig = register(bob, "sig", relu);
        transfer = node.transact(alice, bob.getAddress(), BigInteger.ONE, new byte[0], 21_000);
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void nodeInfoDescribesTheNodeAndWhereItsChainStands() {
        JsonNode info = node.result("lockstep_nodeInfo");
        JsonNode head = node.result("eth_getBlockByNumber", "latest", false);
        assertEquals(
                "lockstep/test/java" + Runtime.version().feature(),
                info.get("clientVersion").textValue());
        assertEquals("0x539", info.get("chainId").textValue());
        assertEquals(node.result("eth_getBlockByNumber", "0x0", false).get("hash"), info.get("genesisHash"));
        assertEquals(node.genesis().hashHex(), info.get("genesisFileHash").textValue());
        assertEquals(head.get("number"), info.get("head").get("number"));
        assertEquals(head.get("hash"), info.get("head").get("hash"));
        assertEquals(head.get("timestamp"), info.get("head").get("timestamp"));
        assertEquals("0x0", info.get("oldestStateBlock").textValue());
        assertEquals(node.validator().address().toHex(), info.get("validator").textValue());
        assertEquals("single-validator", info.get("consensus").get("engine").textValue());
        assertEquals("on-demand", info.get("consensus").get("mode").textValue());
        assertEquals("0x3e8", info.get("consensus").get("blockTimeMillis").textValue());
        assertEquals("0x1c9c380", info.get("rules").get("blockGasLimit").textValue());
        assertEquals("0x3b9aca00", info.get("rules").get("baseFeePerGas").textValue());
        assertEquals("0x64", info.get("rules").get("fuelPerGas").textValue());
        assertEquals(
                node.genesis().vm().nnKernelVersion(),
                info.get("vm").get("nnKernelVersion").textValue());
        assertInvalid(node.error("lockstep_nodeInfo", 1), "expected 0 params");
    }

    @Test
    void validatorsAreTheGenesisSet() {
        JsonNode validators = node.result("lockstep_validators");
        assertEquals(1, validators.size());
        assertEquals(
                node.validator().address().toHex(),
                validators.get(0).get("address").textValue());
        assertEquals("0x1", validators.get(0).get("power").textValue());
    }

    @Test
    void listModelsGivesEveryModelOnceInRegistrationOrder() {
        JsonNode models = node.result("lockstep_listModels");
        assertEquals(2, models.size(), models::toString);
        assertRecord(models.get(0), relu, "relu", alice, reluByAlice);
        assertRecord(models.get(1), sigmoid, "sig", bob, sigmoidBySig);
    }

    @Test
    void getModelGivesTheRecordNamesRegistrationsAndWhatContractsFind() {
        JsonNode model = node.result("lockstep_getModel", "relu");
        assertRecord(model, relu, "relu", alice, reluByAlice);
        assertEquals(model, node.result("lockstep_getModel", Hash32.sha256(relu).toHex(), "latest"));
        assertEquals(List.of("relu", "relu2", "sig"), strings(model.get("names")), "sig was moved to relu");
        JsonNode registrations = model.get("registrations");
        assertEquals(3, registrations.size());
        List<JsonNode> receipts = List.of(reluByAlice, reluAsRelu2, reluAsSig);
        List<String> names = List.of("relu", "relu2", "sig");
        for (int i = 0; i < 3; i++) {
            JsonNode registration = registrations.get(i);
            JsonNode receipt = receipts.get(i);
            assertEquals(receipt.get("transactionHash"), registration.get("transactionHash"));
            assertEquals(receipt.get("blockNumber"), registration.get("blockNumber"));
            assertEquals(receipt.get("transactionIndex"), registration.get("transactionIndex"));
            assertEquals(receipt.get("from"), registration.get("registrant"));
            assertEquals(names.get(i), registration.get("name").textValue());
        }

        assertEquals("ready", model.get("status").textValue());
        assertEquals(
                "[{\"name\":\"x\",\"type\":\"float\",\"shape\":[1,4]}]",
                model.get("inputs").toString());
        assertEquals(
                "[{\"name\":\"y\",\"type\":\"float\",\"shape\":[1,4]}]",
                model.get("outputs").toString());
        long cost = Numeric.toBigInt(model.get("inferenceCost").textValue()).longValueExact();
        assertTrue(cost > 0);
        assertEquals(
                Hex.quantity(VmConfig.DEFAULT.costs().inferenceFuel(cost)),
                model.get("inferenceFuel").textValue());
    }

    @Test
    void getModelReadsTheStateOfTheBlockAsked() {
        String beforeMove = Hex.quantity(number(reluAsSig.get("blockNumber")) - 1);
        JsonNode sigBefore = node.result("lockstep_getModel", "sig", beforeMove);
        assertEquals(Hash32.sha256(sigmoid).toHex(), sigBefore.get("hash").textValue());
        assertEquals(List.of("sig"), strings(sigBefore.get("names")));
        assertEquals(1, sigBefore.get("registrations").size());
        assertEquals(
                Hash32.sha256(relu).toHex(),
                node.result("lockstep_getModel", "sig").get("hash").textValue());
        assertEquals(
                List.of(),
                strings(node.result("lockstep_getModel", Hash32.sha256(sigmoid).toHex())
                        .get("names")),
                "no name points at the sigmoid any more");
        JsonNode reluBefore = node.result("lockstep_getModel", "relu", beforeMove);
        assertEquals(List.of("relu", "relu2"), strings(reluBefore.get("names")));
        assertEquals(2, reluBefore.get("registrations").size());

        String beforeAll = Hex.quantity(number(reluByAlice.get("blockNumber")) - 1);
        assertTrue(node.result("lockstep_getModel", "relu", beforeAll).isNull());
        assertTrue(node.result("lockstep_getModel", ZERO_HASH).isNull());
        assertTrue(node.result("lockstep_getModel", "nobody").isNull());
        assertInvalid(node.error("lockstep_getModel", "no spaces"), "a model name");
        assertInvalid(node.error("lockstep_getModel", 7), "expected a model hash");
        assertInvalid(node.error("lockstep_getModel", "0x1234"), "param 0");
        JsonNode future = node.error("lockstep_getModel", "relu", "0xffffff");
        assertEquals(-32000, future.get("code").intValue());
    }

    @Test
    void inferenceResultsAreTheOutcomeOfTheContractCall() {
        JsonNode result = node.result("lockstep_getInferenceResult", inference.get("transactionHash"));
        assertEquals(
                new TreeSet<>(Set.of(
                        "transactionHash",
                        "blockHash",
                        "blockNumber",
                        "transactionIndex",
                        "from",
                        "contract",
                        "status",
                        "gasUsed",
                        "fuelUsed",
                        "returnData",
                        "logs",
                        "inferences")),
                fieldNames(result));
        assertEquals(inference.get("transactionHash"), result.get("transactionHash"));
        assertEquals(inference.get("blockHash"), result.get("blockHash"));
        assertEquals(inference.get("blockNumber"), result.get("blockNumber"));
        assertEquals(inference.get("transactionIndex"), result.get("transactionIndex"));
        assertEquals(alice.getAddress(), result.get("from").textValue());
        assertEquals(callerDeploy.get("contractAddress"), result.get("contract"));
        assertEquals("0x1", result.get("status").textValue());
        assertEquals(inference.get("gasUsed"), result.get("gasUsed"));
        long fuel = number(result.get("fuelUsed"));
        assertTrue(fuel > 0, "inference costs fuel");
        assertEquals(
                ChainRules.intrinsicGas(floats(-1.5f, 2f, -0.25f, 3.25f), false)
                        + (fuel + ChainRules.DEFAULT_FUEL_PER_GAS - 1) / ChainRules.DEFAULT_FUEL_PER_GAS,
                number(result.get("gasUsed")),
                "gas used is the intrinsic gas and the fuel's");
        assertEquals(
                Hex.data(floats(0f, 2f, 0f, 3.25f)), result.get("returnData").textValue(), "relu");
        assertEquals(0, result.get("logs").size());

        assertEquals(1, result.get("inferences").size(), "the call ran the model once");
        JsonNode ran = result.get("inferences").get(0);
        assertEquals(Hash32.sha256(relu).toHex(), ran.get("model").textValue());
        long modelFuel = number(ran.get("fuel"));
        assertTrue(modelFuel > 0 && modelFuel < fuel, "the model's share of the call's fuel: " + modelFuel);
        assertEquals(
                TestNode.parse("[{\"name\":\"x\",\"dtype\":\"float\",\"shape\":[1,4],\"sha256\":\""
                        + Hash32.sha256(floats(-1.5f, 2f, -0.25f, 3.25f)).toHex() + "\"}]"),
                ran.get("inputs"));
        assertEquals(
                TestNode.parse("[{\"name\":\"y\",\"dtype\":\"float\",\"shape\":[1,4],\"sha256\":\""
                        + Hash32.sha256(floats(0f, 2f, 0f, 3.25f)).toHex() + "\"}]"),
                ran.get("outputs"),
                "the output's digest is that of the relu of the input, which the call returned");

        JsonNode failed = node.result("lockstep_getInferenceResult", failedInference.get("transactionHash"));
        assertEquals("0x0", failed.get("status").textValue());
        assertEquals("execution reverted", failed.get("error").textValue());
        assertEquals("0x", failed.get("returnData").textValue());
        assertEquals(0, failed.get("inferences").size(), "a failed call keeps no inference, as it keeps no logs");
    }

    @Test
    void inferenceResultsAreOnlyForContractCalls() {
        assertNotACall(transfer, "is a value transfer, not a contract call");
        assertNotACall(reluByAlice, "is a model registration, not a contract call");
        assertNotACall(callerDeploy, "is a deploy, not a contract call");
        assertTrue(node.result("lockstep_getInferenceResult", ZERO_HASH).isNull());
        assertInvalid(node.error("lockstep_getInferenceResult", "0x1234"), "a hash");
    }

    @Test
    void transactionResultsAnswerWhatAnyTransactionDid() {
        JsonNode call = node.result("lockstep_getTransactionResult", inference.get("transactionHash"));
        JsonNode inferenceResult = node.result("lockstep_getInferenceResult", inference.get("transactionHash"));
        assertEquals("call", call.get("kind").textValue());
        assertEquals(inferenceResult.get("contract"), call.get("to"));
        assertTrue(call.get("contractAddress").isNull());
        for (String field : List.of("status", "gasUsed", "fuelUsed", "returnData", "logs", "blockHash")) {
            assertEquals(inferenceResult.get(field), call.get(field), field);
        }

        JsonNode deploy = node.result("lockstep_getTransactionResult", callerDeploy.get("transactionHash"));
        assertEquals("deploy", deploy.get("kind").textValue());
        assertTrue(deploy.get("to").isNull());
        assertEquals(callerDeploy.get("contractAddress"), deploy.get("contractAddress"));
        assertEquals("0x0", deploy.get("fuelUsed").textValue(), "a deploy runs no contract code");

        JsonNode registration = node.result("lockstep_getTransactionResult", reluByAlice.get("transactionHash"));
        assertEquals("modelRegistration", registration.get("kind").textValue());
        assertEquals(Hash32.sha256(relu).toHex(), registration.get("returnData").textValue(), "returns the hash");
        assertEquals(1, registration.get("logs").size());
        assertEquals(reluByAlice.get("logs"), registration.get("logs"));

        JsonNode sent = node.result("lockstep_getTransactionResult", transfer.get("transactionHash"));
        assertEquals("transfer", sent.get("kind").textValue());
        assertEquals(bob.getAddress(), sent.get("to").textValue());
        assertEquals("0x5208", sent.get("gasUsed").textValue());

        byte[] wasm = TestNode.contract("ledger.wat");
        long tooLittle = ChainRules.intrinsicGas(wasm, true) + 1_000;
        JsonNode starved = node.transact(alice, null, BigInteger.ZERO, wasm, tooLittle);
        assertEquals("0x0", starved.get("status").textValue());
        JsonNode why = node.result("lockstep_getTransactionResult", starved.get("transactionHash"));
        assertEquals("deploy", why.get("kind").textValue());
        assertTrue(
                why.get("error").textValue().startsWith("out of gas: storing " + wasm.length + " bytes of code"),
                why::toString);
        assertTrue(node.result("lockstep_getTransactionResult", ZERO_HASH).isNull());
    }

    private static void assertNotACall(JsonNode receipt, String message) {
        JsonNode error = node.error("lockstep_getInferenceResult", receipt.get("transactionHash"));
        assertEquals(-32000, error.get("code").intValue());
        assertEquals(
                "transaction " + receipt.get("transactionHash").textValue() + " " + message,
                error.get("message").textValue());
    }

    private static void assertRecord(JsonNode model, byte[] bytes, String name, Credentials by, JsonNode receipt) {
        assertEquals(Hash32.sha256(bytes).toHex(), model.get("hash").textValue());
        assertEquals(name, model.get("name").textValue());
        assertEquals(by.getAddress(), model.get("registrant").textValue());
        assertEquals(receipt.get("blockNumber"), model.get("blockNumber"));
        assertEquals(Hex.quantity(bytes.length), model.get("size").textValue());
    }

    private static JsonNode register(Credentials from, String name, byte[] model) {
        String calldata = FunctionEncoder.encode(
                new Function("registerModel", List.of(new Utf8String(name), new DynamicBytes(model)), List.of()));
        JsonNode receipt = node.transact(
                from,
                ModelRegistryContract.ADDRESS.toHex(),
                BigInteger.ZERO,
                Numeric.hexStringToByteArray(calldata),
                2_000_000);
        assertEquals("0x1", receipt.get("status").textValue(), receipt::toString);
        return receipt;
    }

    private static byte[] floats(float... values) {
        ByteBuffer out = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float value : values) {
            out.putFloat(value);
        }
        return out.array();
    }

    private static long number(JsonNode quantity) {
        return Numeric.toBigInt(quantity.textValue()).longValueExact();
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(e -> out.add(e.textValue()));
        return out;
    }

    private static TreeSet<String> fieldNames(JsonNode object) {
        TreeSet<String> out = new TreeSet<>();
        object.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void assertInvalid(JsonNode error, String messagePart) {
        assertEquals(-32602, error.get("code").intValue(), error::toString);
        assertTrue(error.get("message").textValue().contains(messagePart), error::toString);
    }
}
