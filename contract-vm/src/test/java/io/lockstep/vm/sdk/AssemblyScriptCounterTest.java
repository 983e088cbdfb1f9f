package io.lockstep.vm.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.utils.Numeric;

/**
 * The SDK's counter example, built by the SDK's own build script and run by the real VM: calldata and
 * return data through Web3j's ABI codec, storage kept across calls, the Incremented log, an Error(string)
 * revert, and every outcome bit-identical on the interpreter and the compiler.
 */
class AssemblyScriptCounterTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final byte[] CALLER = LocalChain.DEFAULT_CALLER;

    private static LocalChain chain;
    /** The module and its constructor's argument, a starting count of 0, as a deploy carries them. */
    private static byte[] deployData;

    private static JsonNode abi;

    /**
     * Builds the counter once, on the first test that needs it, and deploys a fresh instance of it (its
     * own address and empty storage) for each test. Each test asks, rather than a {@code @BeforeAll}, so
     * that without Node.js every test reports itself skipped with the reason. The chain runs every call
     * on both engines and fails the test if they differ in anything, storage included.
     */
    private static synchronized LocalChain.Contract counter() throws IOException {
        if (chain == null) {
            Path build = SdkBuild.build(SdkBuild.repositoryRoot().resolve("examples/counter"));
            deployData = startingAtZero(Files.readAllBytes(build.resolve("counter.wasm")));
            abi = new ObjectMapper().readTree(build.resolve("counter.abi.json").toFile());
            chain = new LocalChain();
            DeployedCode code = chain.deploy(deployData).code();
            System.out.println("counter.wasm: " + code.originalSize() + " bytes, instrumented "
                    + code.instrumentedSize() + " bytes, instantiation fuel " + code.instantiationFuel());
        }
        return chain.deploy(deployData);
    }

    @AfterAll
    static void close() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void incrementsPersistAcrossCallsAndLog() throws IOException {
        LocalChain.Contract counter = counter();

        CallOutcome.Success first = success(chain.call(counter, increment(2)));
        assertEquals(BigInteger.TWO, decodeUint(first.returnData(), new TypeReference<Uint256>() {}));
        CallOutcome.Success second = success(chain.call(counter, increment(3)));
        assertEquals(BigInteger.valueOf(5), decodeUint(second.returnData(), new TypeReference<Uint256>() {}));

        assertEquals(1, second.logs().size());
        LogEntry log = second.logs().get(0);
        Event incremented =
                new Event("Incremented", List.of(new TypeReference<Address>(true) {}, new TypeReference<Uint256>() {}));
        assertEquals(
                EventEncoder.encode(incremented),
                "0x" + HEX.formatHex(log.topics().get(0)));
        assertArrayEquals(word(CALLER), log.topics().get(1));
        List<Type> data =
                FunctionReturnDecoder.decode("0x" + HEX.formatHex(log.data()), incremented.getNonIndexedParameters());
        assertEquals(BigInteger.valueOf(5), data.get(0).getValue());

        CallOutcome.Success get = success(chain.call(counter, call("get", List.of(), new TypeReference<Uint256>() {})));
        assertEquals(BigInteger.valueOf(5), decodeUint(get.returnData(), new TypeReference<Uint256>() {}));
        assertTrue(get.logs().isEmpty());

        CallOutcome.Success count = success(chain.call(
                counter,
                call("incrementsBy", List.of(new Address(HEX.formatHex(CALLER))), new TypeReference<Uint64>() {})));
        assertEquals(BigInteger.TWO, decodeUint(count.returnData(), new TypeReference<Uint64>() {}));

        CallOutcome.Success last =
                success(chain.call(counter, call("lastIncrementer", List.of(), new TypeReference<Address>() {})));
        List<Type> lastCaller = FunctionReturnDecoder.decode(
                "0x" + HEX.formatHex(last.returnData()), List.of(asRaw(new TypeReference<Address>() {})));
        assertEquals("0x" + HEX.formatHex(CALLER), lastCaller.get(0).toString());

        byte[] countKey = ("\0count").getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(word(new byte[] {5}), chain.storage(counter, countKey), "the count is a big-endian U256");
        assertEquals(3, chain.storage(counter).size(), "count, lastCaller and one perCaller entry");

        System.out.println("counter fuel: increment " + first.fuelUsed() + " then " + second.fuelUsed() + ", get "
                + get.fuelUsed() + ", incrementsBy " + count.fuelUsed());
    }

    @Test
    void zeroIncrementRevertsWithErrorStringAndKeepsStorage() throws IOException {
        LocalChain.Contract counter = counter();
        success(chain.call(counter, increment(1)));
        Map<String, String> before = contents(chain.storage(counter));

        CallOutcome.Reverted reverted = assertInstanceOf(CallOutcome.Reverted.class, chain.call(counter, increment(0)));
        assertEquals("increment must be positive", errorString(reverted.reason()));
        assertEquals(before, contents(chain.storage(counter)), "a reverted call writes nothing");
    }

    @Test
    void unknownSelectorAndShortCalldataRevertWithReasons() throws IOException {
        LocalChain.Contract counter = counter();
        CallOutcome.Reverted unknown =
                assertInstanceOf(CallOutcome.Reverted.class, chain.call(counter, HEX.parseHex("12345678")));
        assertEquals("unknown function selector 0x12345678", errorString(unknown.reason()));

        byte[] truncated = Arrays.copyOf(increment(1), 4 + 16);
        CallOutcome.Reverted bad = assertInstanceOf(CallOutcome.Reverted.class, chain.call(counter, truncated));
        assertEquals("ABI: calldata too short", errorString(bad.reason()));
        assertEquals(1, chain.storage(counter).size(), "only the count its constructor set");
    }

    @Test
    void abiJsonDescribesFunctionsAndTheEvent() throws IOException {
        counter();
        Map<String, String> mutability = new TreeMap<>();
        List<String> events = new ArrayList<>();
        for (JsonNode entry : abi) {
            if (entry.get("type").asText().equals("function")) {
                mutability.put(
                        entry.get("name").asText(), entry.get("stateMutability").asText());
            } else if (entry.get("type").asText().equals("event")) {
                events.add(entry.get("name").asText() + ":"
                        + entry.get("inputs").get(0).get("indexed").asBoolean());
            }
        }
        assertEquals(
                Map.of(
                        "get", "view",
                        "increment", "nonpayable",
                        "incrementsBy", "view",
                        "lastIncrementer", "view"),
                mutability);
        assertEquals(List.of("Incremented:true"), events);
    }

    private static Map<String, String> contents(Map<byte[], byte[]> storage) {
        Map<String, String> out = new TreeMap<>();
        storage.forEach((k, v) -> out.put(HEX.formatHex(k), HEX.formatHex(v)));
        return out;
    }

    private static CallOutcome.Success success(CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Reverted r) {
            throw new AssertionError("reverted: " + errorString(r.reason()));
        }
        return assertInstanceOf(CallOutcome.Success.class, outcome, () -> "not a success: " + outcome.status());
    }

    private static byte[] increment(long by) {
        return call("increment", List.of(new Uint256(by)), new TypeReference<Uint256>() {});
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static byte[] call(String name, List<? extends Type> args, TypeReference<?> output) {
        Function function = new Function(name, (List<Type>) (List) args, List.of(asRaw(output)));
        return HEX.parseHex(FunctionEncoder.encode(function).substring(2));
    }

    private static BigInteger decodeUint(byte[] returnData, TypeReference<?> type) {
        List<Type> values = FunctionReturnDecoder.decode("0x" + HEX.formatHex(returnData), List.of(asRaw(type)));
        return (BigInteger) values.get(0).getValue();
    }

    /** Decodes Solidity's Error(string) revert data: selector 0x08c379a0, then the ABI-encoded string. */
    private static String errorString(byte[] reason) {
        assertEquals("08c379a0", HEX.formatHex(reason, 0, 4), "revert data is Error(string)");
        List<Type> values = FunctionReturnDecoder.decode(
                "0x" + HEX.formatHex(reason, 4, reason.length), List.of(asRaw(new TypeReference<Utf8String>() {})));
        return (String) values.get(0).getValue();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static TypeReference<Type> asRaw(TypeReference<?> type) {
        return (TypeReference) type;
    }

    private static byte[] word(byte[] value) {
        byte[] out = new byte[32];
        System.arraycopy(value, 0, out, 32 - value.length, value.length);
        return out;
    }

    private static byte[] filled(int length, int b) {
        byte[] out = new byte[length];
        Arrays.fill(out, (byte) b);
        return out;
    }

    private static byte[] startingAtZero(byte[] wasm) {
        byte[] argument = Numeric.hexStringToByteArray(FunctionEncoder.encodeConstructor(List.of(new Uint256(0))));
        byte[] data = Arrays.copyOf(wasm, wasm.length + argument.length);
        System.arraycopy(argument, 0, data, wasm.length, argument.length);
        return data;
    }
}
