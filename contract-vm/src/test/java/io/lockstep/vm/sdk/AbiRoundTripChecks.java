package io.lockstep.vm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.local.LocalChain;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Array;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;

/**
 * Solidity ABI round trips between Web3j and an SDK's codec fixture, on a {@link LocalChain} (every call on
 * both engines, which must agree). The fixture's echo functions return their decoded arguments re-encoded
 * as one {@code bytes}: that must be, byte for byte, Web3j's encoding of the arguments (the contract decoded
 * Web3j's calldata and encoded like Web3j), and Web3j must decode it back to the arguments. The AssemblyScript
 * and Rust fixtures export the same functions; a subclass builds one and says how its SDK words reverts.
 *
 * <p>Seeded: a failure names the seed and iteration that reproduce it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AbiRoundTripChecks {

    private static final HexFormat HEX = HexFormat.of();
    private static final long SEED = 0x5EED_AB1_2024L;
    private static final int ITERATIONS = 25;
    private static final int MAX_ARRAY_LENGTH = 3;
    private static final List<String> ECHOES =
            List.of("echoUints", "echoInts", "echoScalars", "echoDynamic", "echoArrays", "echoNested", "echoMixed");

    private LocalChain chain;
    private LocalChain.Contract contract;
    /** Each function's parameter types, from the ABI JSON the SDK's build wrote. */
    private final Map<String, List<String>> parameters = new LinkedHashMap<>();

    /** Builds the fixture and returns its {@code .wasm}; the ABI JSON is beside it. Skips when it cannot. */
    abstract Path buildFixture();

    /** The revert reason the SDK gives for a malformed argument. */
    abstract String expectedReason(Malformed malformed);

    /**
     * A malformed call: {@code parameter} of {@code function} is bad; the AssemblyScript SDK names the fault
     * with {@code assemblyScript}, the Rust SDK with its {@code AbiError} message {@code rust}.
     */
    record Malformed(String function, String parameter, byte[] calldata, String assemblyScript, String rust) {}

    @BeforeAll
    void deployFixture() throws IOException {
        Path wasm = buildFixture();
        String name = wasm.getFileName().toString().replace(".wasm", ".abi.json");
        for (JsonNode entry :
                new ObjectMapper().readTree(wasm.resolveSibling(name).toFile())) {
            if (entry.get("type").asText().equals("function")) {
                List<String> types = new ArrayList<>();
                entry.get("inputs").forEach(input -> types.add(input.get("type").asText()));
                parameters.put(entry.get("name").asText(), types);
            }
        }
        chain = new LocalChain();
        contract = chain.deploy(wasm);
    }

    @AfterAll
    void closeChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Test
    void fixtureExportsTheRoundTripSignatures() {
        assertEquals(
                List.of("uint256[][]", "string[][]", "bytes32[2][]", "uint8[3][]", "string[2][]"),
                parameters.get("echoNested"));
        assertEquals(
                List.of("uint64", "string[]", "bytes", "uint256[2][]", "bool", "uint16[2][3]", "bytes[][2]"),
                parameters.get("echoMixed"));
        assertTrue(parameters.keySet().containsAll(ECHOES), parameters.keySet().toString());
    }

    @Test
    void echoesReencodeWhatWeb3jEncodedAndWeb3jDecodesItBack() {
        for (String function : ECHOES) {
            List<String> types = parameters.get(function);
            forEachSeed(function, random -> {
                List<Type> args = randomArguments(types, random);
                byte[] reencoded = returnedBytes(success(function, args));
                assertEquals(
                        encodeArguments(function, args),
                        HEX.formatHex(reencoded),
                        "the contract re-encodes the arguments as Web3j encodes them");
                if (types.stream().noneMatch(AbiReferenceEncoder::web3jMisencodes)) {
                    // Web3j 4.12.3 cannot decode a fixed-size array of a dynamic type either (it throws).
                    List<Type> decoded =
                            FunctionReturnDecoder.decode("0x" + HEX.formatHex(reencoded), references(types));
                    assertEquals(describeAll(args), describeAll(decoded), "Web3j decodes the contract's encoding");
                }
            });
        }
    }

    @Test
    void nestedArgumentsDecodeToTheShapeWeb3jEncoded() {
        List<String> types = parameters.get("shapeNested");
        forEachSeed("shapeNested", random -> {
            List<Type> args = randomArguments(types, random);
            List<Type> shape = FunctionReturnDecoder.decode(
                    "0x" + HEX.formatHex(success("shapeNested", args).returnData()), references(List.of("uint64[]")));
            List<Long> actual = new ArrayList<>();
            for (Object v : ((DynamicArray<?>) shape.get(0)).getValue()) {
                actual.add(((Uint64) v).getValue().longValueExact());
            }
            assertEquals(expectedShape(args), actual);
        });
    }

    @Test
    void nestedArraysTheContractBuildsDecodeInWeb3j() {
        forEachSeed("buildGrid/buildWords", random -> {
            long seed = random.nextLong();
            int rows = random.nextInt(7);
            List<Type> args = List.of(new Uint64(new BigInteger(Long.toUnsignedString(seed))), new Uint8(rows));
            List<Type> grid = decodeReturn(success("buildGrid", args), "uint256[][]");
            assertEquals(RandomAbiValues.describe(expectedGrid(seed, rows)), RandomAbiValues.describe(grid.get(0)));
            List<Type> words = decodeReturn(success("buildWords", args), "string[][]");
            assertEquals(RandomAbiValues.describe(expectedWords(seed, rows)), RandomAbiValues.describe(words.get(0)));
        });
    }

    @Test
    void malformedCalldataRevertsWithTheSdksReason() {
        for (Malformed malformed : malformedCalls()) {
            CallOutcome outcome = chain.call(contract, malformed.calldata());
            assertEquals(
                    expectedReason(malformed),
                    revertReason(outcome),
                    malformed.function() + " with bad " + malformed.parameter() + ": "
                            + HEX.formatHex(malformed.calldata()));
        }
    }

    /**
     * Valid calldata, truncated or with words overwritten by random, huge or boundary values: every call
     * either succeeds or reverts with an {@code Error(string)}; none traps or runs out of fuel.
     */
    @Test
    void corruptedCalldataNeverTraps() {
        int[] reverts = {0};
        for (String function : ECHOES) {
            List<String> types = parameters.get(function);
            forEachSeed(function, random -> {
                byte[] calldata = calldata(function, randomArguments(types, random));
                byte[] corrupted = corrupt(calldata, random);
                CallOutcome outcome = chain.call(contract, corrupted);
                if (outcome instanceof CallOutcome.Reverted) {
                    revertReason(outcome);
                    reverts[0]++;
                } else {
                    assertInstanceOf(CallOutcome.Success.class, outcome, HEX.formatHex(corrupted) + ": " + outcome);
                }
            });
        }
        assertTrue(reverts[0] > ECHOES.size() * ITERATIONS / 4, "too few corruptions were caught: " + reverts[0]);
    }

    /** Runs {@code check} {@link #ITERATIONS} times, each with its own seed, naming it on failure. */
    private static void forEachSeed(String what, java.util.function.Consumer<Random> check) {
        for (int i = 0; i < ITERATIONS; i++) {
            long seed = SEED + 7919L * i + what.hashCode();
            try {
                check.accept(new Random(seed));
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        what + " failed at iteration " + i + ", seed " + seed + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<Type> randomArguments(List<String> types, Random random) {
        RandomAbiValues values = new RandomAbiValues(random);
        List<Type> args = new ArrayList<>();
        types.forEach(type -> args.add(values.value(type, MAX_ARRAY_LENGTH)));
        return args;
    }

    /**
     * The selector from the signature in the ABI JSON, not from Web3j's values: Web3j cannot name the type
     * of an empty array of arrays.
     */
    private byte[] calldata(String function, List<Type> args) {
        String signature = function + "(" + String.join(",", parameters.get(function)) + ")";
        String selector = Hash.sha3String(signature).substring(2, 10);
        return HEX.parseHex(selector + encodeArguments(function, args));
    }

    /**
     * Web3j's encoding of the arguments, but for types Web3j 4.12.3 gets wrong ({@link AbiReferenceEncoder}):
     * there the reference encoder's. Elsewhere the two must agree, which checks the reference encoder.
     */
    private String encodeArguments(String function, List<Type> args) {
        List<String> types = parameters.get(function);
        String reference = AbiReferenceEncoder.encode(types, args);
        if (types.stream().anyMatch(AbiReferenceEncoder::web3jMisencodes)) {
            return reference;
        }
        String web3j = FunctionEncoder.encodeConstructor(args);
        assertEquals(web3j, reference, "the reference encoder agrees with Web3j on " + types);
        return web3j;
    }

    private CallOutcome.Success success(String function, List<Type> args) {
        CallOutcome outcome = chain.call(contract, calldata(function, args));
        if (outcome instanceof CallOutcome.Reverted) {
            fail(function + " reverted: " + revertReason(outcome));
        }
        return assertInstanceOf(CallOutcome.Success.class, outcome, function + ": " + outcome);
    }

    private static byte[] returnedBytes(CallOutcome.Success outcome) {
        return ((DynamicBytes) decodeReturn(outcome, "bytes").get(0)).getValue();
    }

    private static List<Type> decodeReturn(CallOutcome.Success outcome, String type) {
        return FunctionReturnDecoder.decode("0x" + HEX.formatHex(outcome.returnData()), references(List.of(type)));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static List<TypeReference<Type>> references(List<String> types) {
        List<TypeReference<Type>> references = new ArrayList<>();
        for (String type : types) {
            try {
                references.add((TypeReference) TypeReference.makeTypeReference(type));
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("Web3j has no type " + type, e);
            }
        }
        return references;
    }

    private static List<String> describeAll(List<Type> values) {
        return values.stream().map(RandomAbiValues::describe).toList();
    }

    /** The reason of an {@code Error(string)} revert; fails on anything else. */
    static String revertReason(CallOutcome outcome) {
        byte[] reason = assertInstanceOf(CallOutcome.Reverted.class, outcome, String.valueOf(outcome))
                .reason();
        assertTrue(reason.length >= 4, "revert data too short for Error(string)");
        assertEquals("08c379a0", HEX.formatHex(reason, 0, 4), "Error(string) selector");
        List<Type> values = FunctionReturnDecoder.decode(
                "0x" + HEX.formatHex(Arrays.copyOfRange(reason, 4, reason.length)), references(List.of("string")));
        assertEquals(1, values.size(), "Error(string) data decodes");
        return ((Utf8String) values.get(0)).getValue();
    }

    // What shapeNested reports: see the fixtures.

    private static List<Long> expectedShape(List<Type> args) {
        List<Long> shape = new ArrayList<>();
        for (Type arg : args) {
            shape.add((long) elements(arg).size());
        }
        for (Type row : elements(args.get(0))) {
            shape.add((long) elements(row).size());
        }
        for (Type row : elements(args.get(1))) {
            shape.add((long) elements(row).size());
        }
        for (int arg : new int[] {1, 4}) {
            for (Type row : elements(args.get(arg))) {
                for (Type text : elements(row)) {
                    shape.add((long) ((Utf8String) text).getValue().getBytes(StandardCharsets.UTF_8).length);
                }
            }
        }
        long sum = 0;
        for (Type row : elements(args.get(3))) {
            for (Type v : elements(row)) {
                sum += ((Uint8) v).getValue().longValueExact();
            }
        }
        shape.add(sum);
        return shape;
    }

    @SuppressWarnings("unchecked")
    private static List<Type> elements(Type array) {
        return ((Array<Type>) array).getValue();
    }

    // What buildGrid and buildWords make: Knuth's MMIX generator, as in the fixtures.

    private static final String[] ALPHABET = {"a", "Z", "0", " ", "é", "✓", "€", "😀"};

    private static final class Lcg {
        private long state;

        Lcg(long seed) {
            state = seed;
        }

        long next() {
            state = state * 6364136223846793005L + 1442695040888963407L;
            return state >>> 16;
        }
    }

    private static Type expectedGrid(long seed, int rows) {
        Lcg rng = new Lcg(seed);
        List<Type> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Uint256> row = new ArrayList<>();
            long length = rng.next() % 4;
            for (int j = 0; j < length; j++) {
                long hi = rng.next();
                long mid = rng.next();
                long lo = rng.next();
                long[] limbs =
                        switch ((int) (rng.next() % 3)) {
                            case 0 -> new long[] {0, 0, 0, lo};
                            case 1 -> new long[] {0, 0, mid, lo};
                            default -> new long[] {hi ^ lo, hi, mid, lo};
                        };
                BigInteger value = BigInteger.ZERO;
                for (long limb : limbs) {
                    value = value.shiftLeft(64).or(new BigInteger(Long.toUnsignedString(limb)));
                }
                row.add(new Uint256(value));
            }
            out.add(new DynamicArray<>(Uint256.class, row));
        }
        return new DynamicArray<>(RandomAbiValues.typeClass("t[]"), out);
    }

    private static Type expectedWords(long seed, int rows) {
        Lcg rng = new Lcg(seed);
        List<Type> out = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            List<Utf8String> row = new ArrayList<>();
            long length = rng.next() % 3;
            for (int j = 0; j < length; j++) {
                long chars = rng.next() % 40;
                StringBuilder word = new StringBuilder();
                for (int k = 0; k < chars; k++) {
                    word.append(ALPHABET[(int) (rng.next() % ALPHABET.length)]);
                }
                row.add(new Utf8String(word.toString()));
            }
            out.add(new DynamicArray<>(Utf8String.class, row));
        }
        return new DynamicArray<>(RandomAbiValues.typeClass("t[]"), out);
    }

    // Malformed and corrupted calldata.

    private List<Malformed> malformedCalls() {
        List<Malformed> calls = new ArrayList<>();
        byte[] uints = calldata(
                "echoUints", List.of(u("uint8", 1), u("uint16", 2), u("uint64", 3), u("uint128", 4), u("uint256", 5)));
        calls.add(new Malformed(
                "echoUints", "e", Arrays.copyOf(uints, 4 + 4 * 32 + 16), "ABI: calldata too short", "data too short"));
        calls.add(new Malformed(
                "echoUints",
                "a",
                withWord(uints, 0, BigInteger.valueOf(256)),
                "ABI: value out of range for uint8",
                OUT_OF_RANGE));
        calls.add(new Malformed(
                "echoUints",
                "d",
                withWord(uints, 3, BigInteger.ONE.shiftLeft(128)),
                "ABI: value out of range for uint128",
                OUT_OF_RANGE));

        byte[] ints = calldata(
                "echoInts", List.of(u("int8", -1), u("int32", 2), u("int64", 3), u("int128", 4), u("int256", 5)));
        calls.add(new Malformed(
                "echoInts",
                "a",
                withWord(ints, 0, BigInteger.valueOf(128)),
                "ABI: value out of range for int8",
                OUT_OF_RANGE));
        calls.add(new Malformed(
                "echoInts",
                "a",
                withWord(ints, 0, BigInteger.valueOf(-129)),
                "ABI: value out of range for int8",
                OUT_OF_RANGE));
        calls.add(new Malformed(
                "echoInts",
                "b",
                withWord(ints, 1, BigInteger.ONE.shiftLeft(31)),
                "ABI: value out of range for int32",
                OUT_OF_RANGE));

        byte[] scalars = calldata("echoScalars", randomArguments(parameters.get("echoScalars"), new Random(SEED)));
        calls.add(new Malformed("echoScalars", "a", withByte(scalars, 0, 0, 1), "ABI: invalid address", OUT_OF_RANGE));
        calls.add(new Malformed(
                "echoScalars", "b", withWord(scalars, 1, BigInteger.TWO), "ABI: invalid bool", OUT_OF_RANGE));
        calls.add(new Malformed(
                "echoScalars",
                "b",
                withByte(withWord(scalars, 1, BigInteger.ONE), 1, 0, 1),
                "ABI: invalid bool",
                OUT_OF_RANGE));
        calls.add(new Malformed("echoScalars", "c", withByte(scalars, 2, 1, 1), "ABI: invalid bytes1", OUT_OF_RANGE));
        calls.add(new Malformed("echoScalars", "d", withByte(scalars, 3, 20, 1), "ABI: invalid bytes20", OUT_OF_RANGE));

        // bytes "ab…" (40 bytes) then string "xyz": heads 0x40 and 0xa0.
        byte[] dynamic = calldata("echoDynamic", List.of(new DynamicBytes(new byte[40]), new Utf8String("xyz")));
        calls.add(new Malformed(
                "echoDynamic",
                "a",
                withWord(dynamic, 0, BigInteger.valueOf(0x1000)),
                "ABI: offset out of range",
                BAD_OFFSET));
        calls.add(new Malformed(
                "echoDynamic",
                "a",
                withWord(dynamic, 0, BigInteger.ONE.shiftLeft(200)),
                "ABI: offset out of range",
                BAD_OFFSET));
        calls.add(new Malformed(
                "echoDynamic",
                "a",
                withWord(dynamic, 2, BigInteger.valueOf(0x1000)),
                "ABI: length out of range",
                BAD_OFFSET));
        calls.add(new Malformed(
                "echoDynamic",
                "a",
                withWord(dynamic, 2, BigInteger.valueOf(150)),
                "ABI: bytes past the end of calldata",
                BAD_OFFSET));
        calls.add(new Malformed(
                "echoDynamic",
                "b",
                withWord(dynamic, 5, BigInteger.valueOf(33)),
                "ABI: bytes past the end of calldata",
                BAD_OFFSET));
        calls.add(new Malformed(
                "echoDynamic",
                "b",
                Arrays.copyOf(dynamic, dynamic.length - 32),
                "ABI: bytes past the end of calldata",
                BAD_OFFSET));
        // The string's bytes made "x\xffz", "x\xc0\xafz" (an overlong '/') and "x\xed\xa0z" (a truncated
        // surrogate): not UTF-8, so refused rather than altered.
        calls.add(new Malformed(
                "echoDynamic", "b", withByte(dynamic, 6, 1, 0xff), "ABI: string is not UTF-8", "string is not UTF-8"));
        calls.add(new Malformed(
                "echoDynamic",
                "b",
                withByte(withByte(withWord(dynamic, 5, BigInteger.valueOf(4)), 6, 1, 0xc0), 6, 2, 0xaf),
                "ABI: string is not UTF-8",
                "string is not UTF-8"));
        calls.add(new Malformed(
                "echoDynamic",
                "b",
                withByte(withByte(dynamic, 6, 1, 0xed), 6, 2, 0xa0),
                "ABI: string is not UTF-8",
                "string is not UTF-8"));

        // echoArrays([7], [], [], []): uint256[] at 0x80 holds length 1 then 7.
        byte[] arrays = calldata(
                "echoArrays",
                List.of(
                        new DynamicArray<>(Uint256.class, List.of(new Uint256(7))),
                        new DynamicArray<>(org.web3j.abi.datatypes.Address.class, List.of()),
                        new DynamicArray<>(Utf8String.class, List.of()),
                        new DynamicArray<>(DynamicBytes.class, List.of())));
        calls.add(new Malformed(
                "echoArrays",
                "a",
                withWord(arrays, 4, BigInteger.valueOf(5)),
                "ABI: array past the end of calldata",
                BAD_OFFSET));
        calls.add(new Malformed(
                "echoArrays",
                "a",
                withWord(arrays, 4, BigInteger.ONE.shiftLeft(32)),
                "ABI: length out of range",
                BAD_OFFSET));

        // echoNested([[1]], [], [], [], []): uint256[][] at 0xa0: length 1, row offset 0x20, row [1].
        List<Type> nested = new ArrayList<>();
        nested.add(new DynamicArray<>(
                DynamicArray.class, List.of(new DynamicArray<>(Uint256.class, List.of(new Uint256(1))))));
        for (int i = 0; i < 4; i++) {
            nested.add(new DynamicArray<>(DynamicArray.class, List.of()));
        }
        byte[] nestedCall = calldata("echoNested", nested);
        calls.add(new Malformed(
                "echoNested",
                "a",
                withWord(nestedCall, 6, BigInteger.valueOf(0x1000)),
                "ABI: offset out of range",
                BAD_OFFSET));
        calls.add(new Malformed(
                "echoNested",
                "a",
                withWord(nestedCall, 7, BigInteger.TEN),
                "ABI: array past the end of calldata",
                BAD_OFFSET));
        return calls;
    }

    private static final String OUT_OF_RANGE = "value out of range for its type";
    private static final String BAD_OFFSET = "offset or length out of bounds";

    private static Type u(String type, long value) {
        try {
            return org.web3j.abi.datatypes.AbiTypes.getType(type)
                    .getConstructor(BigInteger.class)
                    .newInstance(BigInteger.valueOf(value));
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(type, e);
        }
    }

    /** {@code calldata} with argument word {@code index} (after the selector) set to {@code value}. */
    private static byte[] withWord(byte[] calldata, int index, BigInteger value) {
        byte[] out = calldata.clone();
        byte[] word = new byte[32];
        if (value.signum() < 0) {
            Arrays.fill(word, (byte) 0xff);
        }
        byte[] raw = value.toByteArray();
        int n = Math.min(raw.length, 32);
        System.arraycopy(raw, raw.length - n, word, 32 - n, n);
        System.arraycopy(word, 0, out, 4 + 32 * index, 32);
        return out;
    }

    private static byte[] withByte(byte[] calldata, int word, int offset, int value) {
        byte[] out = calldata.clone();
        out[4 + 32 * word + offset] = (byte) value;
        return out;
    }

    private static byte[] corrupt(byte[] calldata, Random random) {
        int words = (calldata.length - 4) / 32;
        if (words == 0 || random.nextInt(4) == 0) {
            return Arrays.copyOf(calldata, 4 + random.nextInt(calldata.length - 3));
        }
        BigInteger[] values = {
            BigInteger.ZERO,
            BigInteger.ONE,
            BigInteger.valueOf(31),
            BigInteger.valueOf(calldata.length - 4),
            BigInteger.valueOf(calldata.length),
            BigInteger.valueOf(0xffff_ffffL),
            BigInteger.ONE.shiftLeft(64),
            BigInteger.ONE.negate(),
            BigInteger.valueOf(random.nextInt(calldata.length + 64)),
        };
        byte[] out = calldata;
        for (int i = 0, n = 1 + random.nextInt(2); i < n; i++) {
            out = withWord(out, random.nextInt(words), values[random.nextInt(values.length)]);
        }
        return out;
    }
}
