package io.lockstep.node.cli;

import static io.lockstep.node.cli.CliRun.args;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.lockstep.nn.DType;
import io.lockstep.nn.NamedTensor;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorProtoCodec;
import io.lockstep.node.testing.OnnxFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NnRunCommandTest {

    @TempDir
    Path dir;

    /** An ONNX backend node test folder from the shared test data, or a skip saying it is absent. */
    private static Path nodeTest(String name) {
        String testdata = System.getProperty("lockstep.testdata");
        Path folder = testdata == null ? null : Path.of(testdata, "onnx-node", "node", name);
        assumeTrue(
                folder != null && Files.isDirectory(folder),
                "ONNX node test " + name + " not found under lockstep.testdata=" + testdata + "; skipped");
        return folder;
    }

    /** {@code nn run} arguments for a node test folder: its model and every input_N.pb under its own name. */
    private static List<String> nodeTestArgs(Path folder) throws Exception {
        List<String> args = args("nn", "run", folder.resolve("model.onnx"));
        try (Stream<Path> files = Files.list(folder.resolve("test_data_set_0"))) {
            for (Path input : files.filter(f -> f.getFileName().toString().startsWith("input_"))
                    .sorted()
                    .toList()) {
                String name = TensorProtoCodec.decode(Files.readAllBytes(input)).name();
                args.addAll(args("--input", name + "=" + input));
            }
        }
        return args;
    }

    private static Tensor expected(Path folder) throws Exception {
        return TensorProtoCodec.decode(Files.readAllBytes(folder.resolve("test_data_set_0/output_0.pb")))
                .tensor();
    }

    @Test
    void reluOutputHashesToTheExpectedBytes() throws Exception {
        Path folder = nodeTest("test_relu");
        Tensor expected = expected(folder);

        JsonNode json = CliRun.of(nodeTestArgs(folder)).json();

        assertEquals(1, json.get("outputs").size(), json::toString);
        JsonNode output = json.get("outputs").get(0);
        assertEquals("y", output.get("name").asText());
        assertEquals("float", output.get("dtype").asText());
        assertEquals(shapeJson(expected), output.get("shape").toString());
        assertEquals(
                TensorJson.sha256(expected.toLittleEndianBytes()),
                output.get("sha256").asText());
        JsonNode values = output.get("values");
        assertEquals(16, values.size(), "the first 16 of " + expected.size());
        for (int i = 0; i < values.size(); i++) {
            assertEquals(expected.floatAt(i), values.get(i).floatValue(), "value " + i);
        }
        assertTrue(json.get("fuel").asLong() > 0, json::toString);
    }

    /**
     * Gemm's reference outputs come from numpy, whose reduction order is not ours: the hash printed is
     * the engine's (checked against deterministic-nn called directly) and the values are close to the
     * reference.
     */
    @ParameterizedTest
    @ValueSource(strings = {"test_gemm_default_no_bias", "test_gemm_all_attributes", "test_gemm_transposeA"})
    void gemmOutputIsTheEnginesAndCloseToTheReference(String test) throws Exception {
        Path folder = nodeTest(test);
        Tensor expected = expected(folder);
        List<String> args = nodeTestArgs(folder);
        args.addAll(args("--output-dir", dir));

        JsonNode output = CliRun.of(args).json().get("outputs").get(0);

        Tensor written = TensorProtoCodec.decode(
                        Files.readAllBytes(dir.resolve(output.get("name").asText() + ".pb")))
                .tensor();
        assertEquals(
                TensorJson.sha256(direct(folder).toLittleEndianBytes()),
                output.get("sha256").asText());
        assertEquals(
                TensorJson.sha256(written.toLittleEndianBytes()),
                output.get("sha256").asText());
        assertEquals(shapeJson(expected), output.get("shape").toString());
        for (int i = 0; i < expected.size(); i++) {
            float want = expected.floatAt(i);
            assertEquals(want, written.floatAt(i), 1e-5f * Math.max(1f, Math.abs(want)), "element " + i);
        }
    }

    /** The node test's first output computed by deterministic-nn directly, on the calling thread. */
    private static Tensor direct(Path folder) throws Exception {
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(Files.readAllBytes(folder.resolve("model.onnx"))));
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        try (Stream<Path> files = Files.list(folder.resolve("test_data_set_0"))) {
            for (Path input : files.filter(f -> f.getFileName().toString().startsWith("input_"))
                    .toList()) {
                NamedTensor named = TensorProtoCodec.decode(Files.readAllBytes(input));
                inputs.put(named.name(), named.tensor());
            }
        }
        return model.run(inputs).outputs().values().iterator().next();
    }

    private static String shapeJson(Tensor tensor) {
        return Arrays.toString(tensor.shape()).replace(" ", "");
    }

    @Test
    void threadCountChangesNothing() throws Exception {
        Path folder = nodeTest("test_gemm_default_no_bias");
        List<String> one = nodeTestArgs(folder);
        List<String> four = new ArrayList<>(one);
        four.addAll(args("--threads", "4"));

        CliRun single = CliRun.of(one);
        single.json();
        assertEquals(single.stdout(), CliRun.of(four).stdout());
    }

    @Test
    void outputDirGetsEachOutputAsATensorProto() throws Exception {
        Path model = OnnxFiles.unaryModel(dir, "Relu", DType.FLOAT, -1, 3);
        Tensor x = Tensor.ofFloats(new int[] {2, 3}, -1f, 2f, 0f, 0.5f, Float.NaN, -7f);
        Path input = OnnxFiles.tensor(dir, "x.pb", x);
        Path out = dir.resolve("out");

        JsonNode json = CliRun.of(args("nn", "run", model, "--input", "x=" + input, "--output-dir", out))
                .json();

        NamedTensor y = TensorProtoCodec.decode(Files.readAllBytes(out.resolve("y.pb")));
        assertEquals("y", y.name());
        assertEquals("[2,3]", json.get("outputs").get(0).get("shape").toString(), "N fixed by the input's shape");
        assertEquals(
                TensorJson.sha256(y.tensor().toLittleEndianBytes()),
                json.get("outputs").get(0).get("sha256").asText());
        assertArrayEquals(new int[] {2, 3}, y.tensor().shape());
        assertEquals(
                "[0.0,2.0,0.0,0.5,\"NaN\",0.0]",
                json.get("outputs").get(0).get("values").toString(),
                "NaN is printed as a string; canonical NaN bits are in the file");
        assertEquals(0x7fc00000, Float.floatToRawIntBits(y.tensor().floatAt(4)));
    }

    @Test
    void anUnsupportedOperatorIsAnErrorNamingOperatorOpsetAndNode() throws Exception {
        Path model = OnnxFiles.unaryModel(dir, "NoSuchOperator", DType.FLOAT, 2);
        Path input = OnnxFiles.tensor(dir, "x.pb", Tensor.ofFloats(new int[] {2}, 1f, 2f));

        CliRun run = CliRun.of(args("nn", "run", model, "--input", "x=" + input));

        assertEquals(LockstepCli.EXIT_FAILURE, run.exitCode(), run::stderr);
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains("NoSuchOperator"), run::stderr);
        assertTrue(run.stderr().contains("opset 17"), run::stderr);
        assertTrue(run.stderr().contains("the_nosuchoperator"), run::stderr);
    }

    @Test
    void aMissingInputIsAUsageErrorNamingWhatTheModelTakes() throws Exception {
        Path model = OnnxFiles.unaryModel(dir, "Relu", DType.FLOAT, -1, 3);

        CliRun.of(args("nn", "run", model))
                .assertUsageError("missing input 'x'")
                .assertUsageError("x: FLOAT[N,3]");
    }

    @Test
    void inputsThatDoNotFitAreUsageErrors() throws Exception {
        Path model = OnnxFiles.unaryModel(dir, "Relu", DType.FLOAT, 2, 3);
        Path wrongShape = OnnxFiles.tensor(dir, "w.pb", Tensor.ofFloats(new int[] {3, 2}, 1, 2, 3, 4, 5, 6));
        Path junk = Files.write(dir.resolve("junk.pb"), new byte[] {(byte) 0xff, (byte) 0xff});

        CliRun.of(args("nn", "run", model, "--input", "x=" + wrongShape)).assertUsageError("do not fit");
        CliRun.of(args("nn", "run", model, "--input", "z=" + wrongShape)).assertUsageError("no input 'z'");
        CliRun.of(args("nn", "run", model, "--input", "x=" + junk)).assertUsageError("cannot read input 'x'");
        CliRun.of(args("nn", "run", model, "--input", "x")).assertUsageError("NAME=FILE.pb");
        CliRun.of(args("nn", "run", dir.resolve("absent.onnx"))).assertUsageError("No such file");
        CliRun.of(args("nn", "run", model, "--threads", "0")).assertUsageError("--threads");
    }
}
