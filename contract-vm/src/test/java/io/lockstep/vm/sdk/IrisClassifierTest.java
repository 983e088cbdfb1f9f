package io.lockstep.vm.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.vm.CallOutcome;
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
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Event;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Int16;
import org.web3j.abi.datatypes.generated.Int32;
import org.web3j.abi.datatypes.generated.StaticArray4;
import org.web3j.abi.datatypes.generated.Uint16;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * examples/iris-classifier end to end: the training script run again reproduces the committed ONNX
 * model byte for byte; the contract, built from source by the SDK's build script and deployed on a
 * {@link LocalChain} (every call on the interpreter and the compiler, compared to the bit), classifies
 * all 150 rows of the dataset exactly as deterministic-nn run directly does, with the accuracy the script
 * reports, a decodable event, the last result per caller, and reverts with reasons on bad input.
 */
class IrisClassifierTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final String EXAMPLE = "examples/iris-classifier";
    private static final String MODEL_NAME = "iris-v1";
    private static final String[] SPECIES = {"setosa", "versicolor", "virginica"};
    private static final byte[] ALICE = filled(0xA1);
    private static final byte[] BOB = filled(0xB0);
    private static final long TRAINING_MINUTES = 5;
    private static final Pattern ACCURACY =
            Pattern.compile("^accuracy \\(f32 model, all rows\\): (\\d+)/(\\d+)$", Pattern.MULTILINE);
    private static final Event CLASSIFIED = new Event(
            "Classified",
            List.of(
                    new TypeReference<Address>(true) {},
                    new TypeReference<Uint8>(true) {},
                    new TypeReference<DynamicArray<Int32>>() {}));

    private static Path build;
    private static Training training;

    /** What the training script wrote and reported. */
    private record Training(byte[] onnx, int correct, int rows) {}

    /** One dataset row: measurements in millimetres and the species index. */
    private record Row(int[] mm, int species) {}

    private static Path root() {
        return SdkBuild.repositoryRoot();
    }

    private static synchronized Path contract() {
        if (build == null) {
            build = SdkBuild.build(root().resolve(EXAMPLE));
        }
        return build;
    }

    private static byte[] committedModel() throws IOException {
        return Files.readAllBytes(root().resolve(EXAMPLE + "/model/iris.onnx"));
    }

    /** Runs TrainIris.java with this JVM's java launcher, once per test class. */
    private static synchronized Training training(Path tempDir) throws IOException, InterruptedException {
        if (training != null) {
            return training;
        }
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        Path out = tempDir.resolve("iris.onnx");
        Path log = tempDir.resolve("train.log");
        Process process = new ProcessBuilder(java, EXAMPLE + "/train/TrainIris.java", "--out", out.toString())
                .directory(root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(TRAINING_MINUTES, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("TrainIris.java did not finish in " + TRAINING_MINUTES + " minutes");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        System.out.print(output);
        assertEquals(0, process.exitValue(), "TrainIris.java failed:\n" + output);
        Matcher accuracy = ACCURACY.matcher(output);
        assertTrue(accuracy.find(), "TrainIris.java reported no accuracy:\n" + output);
        training = new Training(
                Files.readAllBytes(out), Integer.parseInt(accuracy.group(1)), Integer.parseInt(accuracy.group(2)));
        return training;
    }

    @Test
    void trainingScriptReproducesTheCommittedModel(@TempDir Path tempDir) throws Exception {
        Training trained = training(tempDir);
        assertArrayEquals(
                committedModel(),
                trained.onnx(),
                "TrainIris.java no longer writes the committed model/iris.onnx; retrain and commit it with its"
                        + " new hash in the README");
        assertEquals(150, trained.rows());
    }

    @Test
    void classifiesEveryRowAsTheEngineDoesWithTheReportedAccuracy(@TempDir Path tempDir) throws Exception {
        Training trained = training(tempDir);
        byte[] onnx = committedModel();
        PreparedModel engine = PreparedModel.prepare(OnnxModel.parse(onnx));
        List<Row> rows = dataset();
        assertEquals(150, rows.size());

        try (LocalChain chain = new LocalChain()) {
            LocalChain.Contract iris = chain.deploy(contract().resolve("iris-classifier.wasm"));
            chain.registerModel(MODEL_NAME, onnx);

            int correct = 0;
            long minFuel = Long.MAX_VALUE;
            long maxFuel = 0;
            int[] lastLabel = new int[2];
            for (int i = 0; i < rows.size(); i++) {
                Row row = rows.get(i);
                byte[] caller = i % 2 == 0 ? ALICE : BOB;
                float[] logits = engine.run(Map.of("features", Tensor.ofFloats(new int[] {1, 4}, centimetres(row))))
                        .outputs()
                        .get("logits")
                        .toFloatArray();
                int expected = argmax(logits);

                CallOutcome.Success result =
                        success(chain.call(iris, classify(row.mm()), LocalChain.Call.DEFAULT.from(caller)), "row " + i);
                int label = decodeUint8(result.returnData());
                assertEquals(expected, label, "row " + i + ": the contract's label is the engine's argmax");
                checkEvent(result, caller, label, logits, i);

                correct += label == row.species() ? 1 : 0;
                lastLabel[i % 2] = label;
                minFuel = Math.min(minFuel, result.fuelUsed());
                maxFuel = Math.max(maxFuel, result.fuelUsed());
            }
            assertEquals(trained.correct(), correct, "accuracy on the chain equals the training script's");
            assertEquals(trained.rows(), rows.size());

            CallOutcome.Success aliceLast = success(chain.call(iris, lastResult(ALICE)), "lastResult(alice)");
            CallOutcome.Success bobLast = success(chain.call(iris, lastResult(BOB)), "lastResult(bob)");
            assertEquals(lastLabel[0], decodeInt16(aliceLast.returnData()), "alice classified row 148 last");
            assertEquals(lastLabel[1], decodeInt16(bobLast.returnData()), "bob classified row 149 last");
            CallOutcome.Success nobody =
                    success(chain.call(iris, lastResult(filled(0x77))), "lastResult(an account with no result)");
            assertEquals(-1, decodeInt16(nobody.returnData()));

            CallOutcome.Success name = success(chain.call(iris, labelName(2)), "labelName(2)");
            assertEquals("virginica", decodeString(name.returnData()));

            System.out.printf(
                    "iris-classifier: accuracy %d/%d; wasm %d bytes, instrumented %d bytes; fuel: instantiation %d,"
                            + " classify %d to %d (model %d), lastResult %d, labelName %d%n",
                    correct,
                    rows.size(),
                    iris.code().originalSize(),
                    iris.code().instrumentedSize(),
                    iris.code().instantiationFuel(),
                    minFuel,
                    maxFuel,
                    engine.cost(),
                    aliceLast.fuelUsed(),
                    name.fuelUsed());
        }
    }

    @Test
    void badInputsRevertWithReasonsAndWriteNothing() throws Exception {
        try (LocalChain chain = new LocalChain()) {
            LocalChain.Contract iris = chain.deploy(contract().resolve("iris-classifier.wasm"));

            assertEquals(
                    "model iris-v1 is not registered on this chain",
                    reverted(chain.call(iris, classify(51, 35, 14, 2))),
                    "classifying before the model is registered");
            chain.registerModel(MODEL_NAME, committedModel());
            assertEquals(
                    0,
                    decodeUint8(success(chain.call(iris, classify(51, 35, 14, 2)), "row 0")
                            .returnData()));
            Map<String, String> before = contents(chain, iris);

            assertEquals("sepal width must be 1 to 500 mm, not 0", reverted(chain.call(iris, classify(51, 0, 14, 2))));
            assertEquals(
                    "petal width must be 1 to 500 mm, not 501", reverted(chain.call(iris, classify(51, 35, 14, 501))));
            assertEquals(
                    "sepal length must be 1 to 500 mm, not 65535",
                    reverted(chain.call(iris, classify(65535, 35, 14, 2))));
            assertEquals("unknown label 3 (labels are 0 to 2)", reverted(chain.call(iris, labelName(3))));
            assertEquals(before, contents(chain, iris), "reverted calls write nothing");

            byte[] tooWide = classify(51, 35, 14, 2);
            tooWide[4 + 32 - 3] = 1; // the first element's word now holds 0x10033, beyond uint16
            assertEquals("ABI: value out of range for uint16", reverted(chain.call(iris, tooWide)));
        }
    }

    @Test
    void abiJsonDescribesTheContract() throws IOException {
        JsonNode abi = new ObjectMapper()
                .readTree(contract().resolve("iris-classifier.abi.json").toFile());
        Map<String, String> functions = new TreeMap<>();
        String event = null;
        for (JsonNode entry : abi) {
            String type = entry.get("type").asText();
            if (type.equals("function")) {
                List<String> inputs = new ArrayList<>();
                entry.get("inputs").forEach(in -> inputs.add(in.get("type").asText()));
                List<String> outputs = new ArrayList<>();
                entry.get("outputs").forEach(out -> outputs.add(out.get("type").asText()));
                functions.put(
                        entry.get("name").asText() + "(" + String.join(",", inputs) + ")",
                        entry.get("stateMutability").asText() + " " + outputs);
            } else if (type.equals("event")) {
                StringBuilder text = new StringBuilder(entry.get("name").asText());
                entry.get("inputs").forEach(in -> text.append(' ')
                        .append(in.get("type").asText())
                        .append(in.get("indexed").asBoolean() ? "/indexed" : ""));
                event = text.toString();
            }
        }
        assertEquals(
                Map.of(
                        "classify(uint16[4])", "nonpayable [uint8]",
                        "lastResult(address)", "view [int16]",
                        "labelName(uint8)", "pure [string]"),
                functions);
        assertEquals("Classified address/indexed uint8/indexed int32[]", event);
    }

    /** The log: topics caller and label, data the three logits in millionths as the contract rounds them. */
    private static void checkEvent(CallOutcome.Success result, byte[] caller, int label, float[] logits, int row) {
        assertEquals(1, result.logs().size(), "row " + row + ": one log");
        LogEntry log = result.logs().get(0);
        assertEquals(3, log.topics().size());
        assertEquals(
                EventEncoder.encode(CLASSIFIED),
                "0x" + HEX.formatHex(log.topics().get(0)));
        Type<?> who = FunctionReturnDecoder.decodeIndexedValue(
                "0x" + HEX.formatHex(log.topics().get(1)), new TypeReference<Address>() {});
        assertEquals("0x" + HEX.formatHex(caller), who.toString());
        Type<?> topicLabel = FunctionReturnDecoder.decodeIndexedValue(
                "0x" + HEX.formatHex(log.topics().get(2)), new TypeReference<Uint8>() {});
        assertEquals(BigInteger.valueOf(label), topicLabel.getValue());
        List<Type> data =
                FunctionReturnDecoder.decode("0x" + HEX.formatHex(log.data()), CLASSIFIED.getNonIndexedParameters());
        @SuppressWarnings("unchecked")
        List<Int32> micro = ((DynamicArray<Int32>) data.get(0)).getValue();
        long[] actual = micro.stream().mapToLong(v -> v.getValue().longValue()).toArray();
        long[] expected = new long[logits.length];
        for (int j = 0; j < logits.length; j++) {
            expected[j] = micro(logits[j]);
        }
        assertArrayEquals(expected, actual, "row " + row + ": logits in millionths, " + Arrays.toString(logits));
    }

    /** Round half to even of logit x 10^6 in double, saturated to int32: what the contract computes. */
    private static long micro(float logit) {
        double scaled = Math.rint((double) logit * 1e6);
        return (long) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, scaled));
    }

    private static int argmax(float[] values) {
        int best = 0;
        for (int j = 1; j < values.length; j++) {
            if (values[j] > values[best]) {
                best = j;
            }
        }
        return best;
    }

    private static float[] centimetres(Row row) {
        float[] cm = new float[4];
        for (int f = 0; f < 4; f++) {
            cm[f] = (float) row.mm()[f] / 10f;
        }
        return cm;
    }

    private static List<Row> dataset() throws IOException {
        List<String> lines = Files.readAllLines(root().resolve(EXAMPLE + "/data/iris.csv"), StandardCharsets.UTF_8);
        assertEquals("sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm,species", lines.get(0));
        List<Row> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",");
            int[] mm = new int[4];
            for (int f = 0; f < 4; f++) {
                mm[f] = Integer.parseInt(cells[f].replace(".", ""));
            }
            rows.add(new Row(mm, List.of(SPECIES).indexOf(cells[4])));
        }
        return rows;
    }

    private static byte[] classify(int... mm) {
        List<Uint16> values = Arrays.stream(mm).mapToObj(Uint16::new).toList();
        return encode("classify", List.of(new StaticArray4<>(Uint16.class, values)));
    }

    private static byte[] lastResult(byte[] account) {
        return encode("lastResult", List.of(new Address(HEX.formatHex(account))));
    }

    private static byte[] labelName(int label) {
        return encode("labelName", List.of(new Uint8(label)));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static byte[] encode(String name, List<? extends Type> args) {
        return HEX.parseHex(FunctionEncoder.encode(new Function(name, (List<Type>) (List) args, List.of()))
                .substring(2));
    }

    private static int decodeUint8(byte[] data) {
        return ((BigInteger) decode(data, new TypeReference<Uint8>() {}).getValue()).intValueExact();
    }

    private static int decodeInt16(byte[] data) {
        return ((BigInteger) decode(data, new TypeReference<Int16>() {}).getValue()).intValueExact();
    }

    private static String decodeString(byte[] data) {
        return (String) decode(data, new TypeReference<Utf8String>() {}).getValue();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Type decode(byte[] data, TypeReference<?> type) {
        List<Type> values = FunctionReturnDecoder.decode("0x" + HEX.formatHex(data), List.of((TypeReference) type));
        assertEquals(1, values.size(), "one result in 0x" + HEX.formatHex(data));
        return values.get(0);
    }

    private static CallOutcome.Success success(CallOutcome outcome, String what) {
        if (outcome instanceof CallOutcome.Reverted r) {
            fail(what + " reverted: " + errorString(r.reason()));
        }
        return assertInstanceOf(CallOutcome.Success.class, outcome, what + ": " + outcome.status());
    }

    private static String reverted(CallOutcome outcome) {
        return errorString(assertInstanceOf(CallOutcome.Reverted.class, outcome, outcome.status())
                .reason());
    }

    /** Solidity's Error(string): selector 0x08c379a0, then the ABI-encoded reason. */
    private static String errorString(byte[] reason) {
        assertEquals("08c379a0", HEX.formatHex(reason, 0, 4), "revert data is Error(string)");
        return decodeString(Arrays.copyOfRange(reason, 4, reason.length));
    }

    private static Map<String, String> contents(LocalChain chain, LocalChain.Contract contract) {
        Map<String, String> out = new TreeMap<>();
        chain.storage(contract).forEach((k, v) -> out.put(HEX.formatHex(k), HEX.formatHex(v)));
        return out;
    }

    private static byte[] filled(int b) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }
}
