package io.lockstep.vm.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.LogEntry;
import io.lockstep.vm.local.LocalChain;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.Utils;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.utils.Numeric;

/**
 * The Rust SDK end to end: {@code examples/counter-rust} built by {@code sdk/rust/build-contract.sh},
 * deployed on the real VM and called with calldata from Web3j's ABI encoder, as Ethereum tooling would.
 * Skipped, not failed, where no rustc with the wasm32 target is installed.
 */
class RustCounterTest {

    private static final long FUEL = 50_000_000L;
    private static final String CALLER = "0x00000000000000000000000000000000000a11ce";
    private static final String OTHER = "0x0000000000000000000000000000000000000b0b";
    /** The build script's exit code when no rustc can target wasm32. */
    private static final int NO_TOOLCHAIN = 2;

    private static final Event INCREMENTED = new Event(
            "Incremented",
            List.of(
                    new TypeReference<Address>(true) {},
                    new TypeReference<Uint256>() {},
                    new TypeReference<Uint256>() {}));

    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    /** Why every test is skipped: set when the SDK's scripts find no rustc that targets wasm32. */
    private static String missingToolchain;

    /** Runs every call on both engines and fails the test if they differ in anything, storage included. */
    private static LocalChain chain;

    /** The module and its constructor's argument, a starting count of 0, as a deploy carries them. */
    private static byte[] deployData;

    private static DeployedCode code;
    private static Path buildDir;

    @BeforeAll
    static void buildAndDeploy() throws IOException, InterruptedException {
        buildDir = Path.of("target", "rust-counter").toAbsolutePath();
        if (runSdkScript(
                        "build-contract.sh",
                        REPO.resolve("examples/counter-rust").toString(),
                        buildDir.toString())
                == null) {
            return;
        }

        deployData = startingAtZero(Files.readAllBytes(buildDir.resolve("counter_rust.wasm")));
        chain = new LocalChain();
        code = chain.deploy(deployData).code();
    }

    @BeforeEach
    void skipWithoutToolchain() {
        assumeTrue(missingToolchain == null, missingToolchain);
    }

    @AfterAll
    static void closeVm() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void sdkUnitTestsPassOnTheHost() throws IOException, InterruptedException {
        String log = runSdkScript(
                "test-sdk.sh",
                Path.of("target", "rust-sdk-tests").toAbsolutePath().toString());
        assertTrue(log.contains("test result: ok."), log);
    }

    /**
     * Runs a script of {@code sdk/rust} and returns its output, or null (and records why in
     * {@link #missingToolchain}) when the script finds no rustc that targets wasm32; fails on any other error.
     */
    private static String runSdkScript(String script, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(
                List.of("bash", REPO.resolve("sdk/rust").resolve(script).toString()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(5, TimeUnit.MINUTES), script + " did not finish");
        if (process.exitValue() == NO_TOOLCHAIN) {
            missingToolchain = "skipped: no rustc with the wasm32-unknown-unknown target (install Debian's"
                    + " rustc and libstd-rust-dev-wasm32): " + log.strip();
            return null;
        }
        assertEquals(0, process.exitValue(), script + " failed:\n" + log);
        return log;
    }

    @Test
    void exportsCallAndTheConstructorAndImportsOnlyTheHostAbi(TestReporter reporter) {
        assertEquals(List.of("call", "deploy"), code.exportedFunctions());
        System.out.println("counter_rust.wasm: " + code.originalSize() + " bytes, instrumented "
                + code.instrumentedSize() + " bytes, instantiation fuel " + code.instantiationFuel());
        reporter.publishEntry(Map.of(
                "wasmBytes", String.valueOf(code.originalSize()),
                "instrumentedBytes", String.valueOf(code.instrumentedSize()),
                "instantiationFuel", String.valueOf(code.instantiationFuel())));
    }

    @Test
    void counterPersistsAcrossCallsInStorage(TestReporter reporter) {
        LocalChain.Contract counter = chain.deploy(deployData);
        assertEquals(BigInteger.ZERO, uint(success(call(count(), CALLER, counter))));

        CallOutcome.Success first = success(call(increment(5), CALLER, counter));
        assertEquals(BigInteger.valueOf(5), uint(first));
        assertEquals(BigInteger.valueOf(12), uint(success(call(increment(7), CALLER, counter))));
        assertEquals(BigInteger.valueOf(15), uint(success(call(increment(3), OTHER, counter))));

        CallOutcome.Success read = success(call(count(), OTHER, counter));
        assertEquals(BigInteger.valueOf(15), uint(read));
        assertEquals(BigInteger.valueOf(12), uint(success(call(addedBy(CALLER), OTHER, counter))));
        assertEquals(BigInteger.valueOf(3), uint(success(call(addedBy(OTHER), OTHER, counter))));
        // The count, and one map entry per caller.
        assertEquals(3, chain.storage(counter).size());
        System.out.println("counter_rust fuel: increment " + first.fuelUsed() + ", count " + read.fuelUsed());
        reporter.publishEntry(Map.of(
                "fuel.increment", String.valueOf(first.fuelUsed()), "fuel.count", String.valueOf(read.fuelUsed())));
    }

    @Test
    void incrementEmitsAnEthereumLog() {
        LocalChain.Contract counter = chain.deploy(deployData);
        success(call(increment(2), CALLER, counter));
        CallOutcome.Success outcome = success(call(increment(40), CALLER, counter));

        assertEquals(1, outcome.logs().size());
        LogEntry log = outcome.logs().get(0);
        assertEquals(2, log.topics().size());
        assertArrayEquals(
                Numeric.hexStringToByteArray(EventEncoder.encode(INCREMENTED)),
                log.topics().get(0));
        assertArrayEquals(
                Numeric.toBytesPadded(Numeric.toBigInt(CALLER), 32),
                log.topics().get(1));
        List<Type> data =
                FunctionReturnDecoder.decode(Numeric.toHexString(log.data()), INCREMENTED.getNonIndexedParameters());
        assertEquals(BigInteger.valueOf(40), data.get(0).getValue());
        assertEquals(BigInteger.valueOf(42), data.get(1).getValue());
    }

    @Test
    void revertsWithSolidityErrorStringsAndKeepsNoWrites() {
        LocalChain.Contract counter = chain.deploy(deployData);
        success(call(increment(1), CALLER, counter));

        assertEquals("step must be positive", revertReason(call(increment(0), CALLER, counter)));
        assertEquals("step must be at most 1000", revertReason(call(increment(1001), CALLER, counter)));
        assertEquals(BigInteger.ONE, uint(success(call(count(), CALLER, counter))));
    }

    @Test
    void unknownSelectorsAndBadCalldataRevertWithClearReasons() {
        LocalChain.Contract counter = chain.deploy(deployData);
        assertEquals(
                "lockstep: unknown function selector 0xdeadbeef",
                revertReason(call(HexFormat.of().parseHex("deadbeef"), CALLER, counter)));
        assertEquals(
                "lockstep: calldata is shorter than a 4-byte selector",
                revertReason(call(new byte[] {1, 2}, CALLER, counter)));

        byte[] truncated = Arrays.copyOf(increment(1), 4 + 16);
        assertEquals(
                "lockstep: bad calldata for increment, parameter step: data too short",
                revertReason(call(truncated, CALLER, counter)));

        byte[] dirtyAddress = addedBy(CALLER);
        dirtyAddress[4] = 1;
        assertEquals(
                "lockstep: bad calldata for added_by, parameter account: value out of range for its type",
                revertReason(call(dirtyAddress, CALLER, counter)));
        assertEquals(1, chain.storage(counter).size(), "only the count its constructor set");
    }

    @Test
    void nonpayableMethodsRefuseValue() {
        LocalChain.Contract counter = chain.deploy(deployData);
        byte[] value = Numeric.toBytesPadded(BigInteger.TEN, 32);
        CallOutcome outcome = chain.call(
                counter,
                increment(1),
                LocalChain.Call.DEFAULT.from(address(CALLER)).withValue(value));
        assertEquals("lockstep: increment is not payable", revertReason(outcome));
    }

    @Test
    void bothEnginesGiveBitIdenticalResults() {
        List<byte[]> calls = List.of(
                count(),
                increment(9),
                increment(0),
                increment(991),
                addedBy(CALLER),
                HexFormat.of().parseHex("deadbeef"),
                count());
        LocalChain.Contract counter = chain.deploy(deployData);
        for (byte[] input : calls) {
            // The chain compares the engines' outcomes, logs and storage after every call.
            call(input, CALLER, counter);
        }
        assertEquals(BigInteger.valueOf(1000), uint(success(call(count(), CALLER, counter))));
    }

    @Test
    void abiJsonDescribesTheContractForEthereumTooling() throws IOException {
        JsonNode abi = new ObjectMapper()
                .readTree(buildDir.resolve("counter_rust.abi.json").toFile());
        List<String> entries = new ArrayList<>();
        for (JsonNode entry : abi) {
            StringBuilder text = new StringBuilder(
                    entry.get("type").asText() + " " + entry.path("name").asText() + "(");
            for (JsonNode input : entry.get("inputs")) {
                text.append(input.get("type").asText())
                        .append(input.path("indexed").asBoolean() ? " indexed" : "")
                        .append(",");
            }
            text.append(")");
            if (entry.has("stateMutability")) {
                text.append(" ").append(entry.get("stateMutability").asText());
            }
            if (entry.has("outputs")) {
                text.append(" returns ")
                        .append(entry.get("outputs").get(0).get("type").asText());
            }
            entries.add(text.toString());
        }
        assertEquals(
                List.of(
                        "constructor (uint256,) nonpayable",
                        "function count() view returns uint256",
                        "function added_by(address,) view returns uint256",
                        "function increment(uint256,) nonpayable returns uint256",
                        "event Incremented(address indexed,uint256,uint256,)"),
                entries);
    }

    private static byte[] count() {
        return encode(new Function("count", List.of(), List.of(new TypeReference<Uint256>() {})));
    }

    private static byte[] addedBy(String account) {
        return encode(
                new Function("added_by", List.of(new Address(account)), List.of(new TypeReference<Uint256>() {})));
    }

    private static byte[] increment(long step) {
        return encode(new Function("increment", List.of(new Uint256(step)), List.of(new TypeReference<Uint256>() {})));
    }

    private static byte[] encode(Function function) {
        return Numeric.hexStringToByteArray(FunctionEncoder.encode(function));
    }

    private static byte[] address(String hex) {
        return Numeric.toBytesPadded(Numeric.toBigInt(hex), 20);
    }

    /** A call from {@code caller}, on both engines. */
    private static CallOutcome call(byte[] input, String caller, LocalChain.Contract counter) {
        return chain.call(
                counter, input, LocalChain.Call.DEFAULT.from(address(caller)).withFuel(FUEL));
    }

    private static CallOutcome.Success success(CallOutcome outcome) {
        return assertInstanceOf(CallOutcome.Success.class, outcome, () -> "not a success: " + outcome.status());
    }

    private static BigInteger uint(CallOutcome.Success outcome) {
        List<Type> values = FunctionReturnDecoder.decode(
                Numeric.toHexString(outcome.returnData()), Utils.convert(List.of(new TypeReference<Uint256>() {})));
        return (BigInteger) values.get(0).getValue();
    }

    /** The reason of a revert encoded as Solidity's {@code Error(string)}. */
    private static String revertReason(CallOutcome outcome) {
        byte[] reason = assertInstanceOf(CallOutcome.Reverted.class, outcome, () -> "not a revert: " + outcome.status())
                .reason();
        assertEquals("08c379a0", HexFormat.of().formatHex(reason, 0, 4), "Error(string) selector");
        List<Type> values = FunctionReturnDecoder.decode(
                Numeric.toHexString(Arrays.copyOfRange(reason, 4, reason.length)),
                Utils.convert(List.of(new TypeReference<Utf8String>() {})));
        return (String) values.get(0).getValue();
    }

    private static byte[] startingAtZero(byte[] wasm) {
        byte[] argument = Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(new Uint256(0))));
        byte[] data = Arrays.copyOf(wasm, wasm.length + argument.length);
        System.arraycopy(argument, 0, data, wasm.length, argument.length);
        return data;
    }
}
