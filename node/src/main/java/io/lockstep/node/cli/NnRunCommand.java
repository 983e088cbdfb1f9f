package io.lockstep.node.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.NnLimits;
import io.lockstep.nn.NnThreads;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.RunResult;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorProtoCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code lockstep nn run}: run an ONNX model on TensorProto inputs, print its outputs as JSON. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Run an ONNX model on inputs stored as TensorProto files; print the outputs as JSON.",
            "",
            "The model runs on the deterministic engine every validator runs (kernel set nn-2): the same"
                    + " bits and the same fuel for any thread count, JVM and CPU. One JSON object is printed on"
                    + " stdout: every output's name, dtype, shape, the SHA-256 of its raw little-endian bytes"
                    + " and its first 16 values, and the run's fuel. A model the engine refuses (an operator it"
                    + " does not implement, a malformed file, a limit) is an error naming the operator, its"
                    + " opset and the node.",
            ""
        },
        footer = {"", "Exit status: 0 JSON printed, 1 the engine refused the model or the run, 2 usage error."})
final class NnRunCommand implements Callable<Integer> {

    /** Values of each output shown in the JSON; the hash covers all of them. */
    static final int SHOWN_VALUES = 16;

    static final int MAX_THREADS = 256;

    private static final Pattern UNSAFE_FILE_CHARACTERS = Pattern.compile("[^A-Za-z0-9._-]");

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MODEL.onnx", description = "A serialized ONNX model (ModelProto).")
    Path modelFile;

    @Option(
            names = "--input",
            paramLabel = "NAME=FILE.pb",
            converter = TensorFileArgument.Converter.class,
            description = "The value of graph input NAME, as a TensorProto file (repeat for each input).")
    List<TensorFileArgument> inputFiles = new ArrayList<>();

    @Option(
            names = "--threads",
            paramLabel = "N",
            defaultValue = "1",
            description = "Threads that share the run (default: ${DEFAULT-VALUE}); the results do not depend on it.")
    int threads;

    @Option(
            names = "--output-dir",
            paramLabel = "DIR",
            description = "Also write each output to DIR/<name>.pb as a TensorProto (characters other than"
                    + " letters, digits, '.', '_' and '-' in the name become '_').")
    Path outputDir;

    @Override
    public Integer call() throws IOException {
        if (threads < 1 || threads > MAX_THREADS) {
            throw usage("--threads must be between 1 and " + MAX_THREADS + ", got " + threads);
        }
        byte[] modelBytes = readFile(modelFile, "model");
        Map<String, Tensor> inputs = readInputs();
        RunResult result;
        try {
            OnnxModel model = OnnxModel.parse(modelBytes, NnLimits.DEFAULT);
            PrepareOptions options = ModelInputs.check(model, inputs, spec);
            PreparedModel prepared = PreparedModel.prepare(model, options);
            result = run(prepared, inputs);
        } catch (NnException e) {
            if (e.code() == NnErrorCode.INVALID_INPUT) {
                throw usage("the inputs do not fit the model: " + e.getMessage());
            }
            spec.commandLine().getErr().println("lockstep: nn run: " + e.getMessage());
            spec.commandLine().getErr().flush();
            return LockstepCli.EXIT_FAILURE;
        }
        if (outputDir != null) {
            writeOutputs(result);
        }
        JsonOutput.print(spec.commandLine().getOut(), json -> writeResult(json, result));
        return LockstepCli.EXIT_OK;
    }

    private RunResult run(PreparedModel prepared, Map<String, Tensor> inputs) {
        if (threads == 1) {
            return prepared.run(inputs);
        }
        try (NnThreads pool = NnThreads.create(threads)) {
            return prepared.run(inputs, pool);
        }
    }

    private Map<String, Tensor> readInputs() {
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (TensorFileArgument input : inputFiles) {
            if (inputs.containsKey(input.name())) {
                throw usage("input '" + input.name() + "' is given twice");
            }
            byte[] bytes = readFile(input.file(), "tensor");
            try {
                inputs.put(input.name(), TensorProtoCodec.decode(bytes).tensor());
            } catch (NnException e) {
                throw usage("cannot read input '" + input.name() + "' from " + input.file() + ": " + e.getMessage());
            }
        }
        return inputs;
    }

    private byte[] readFile(Path path, String what) {
        if (!Files.exists(path)) {
            throw usage("No such file: " + path);
        }
        if (!Files.isRegularFile(path)) {
            throw usage("Not a regular file: " + path);
        }
        try {
            long size = Files.size(path);
            if (size > NnLimits.DEFAULT.maxModelBytes()) {
                throw usage("the " + what + " file " + path + " is " + size + " bytes, more than the limit "
                        + NnLimits.DEFAULT.maxModelBytes());
            }
            return Files.readAllBytes(path);
        } catch (IOException e) {
            throw usage("Cannot read " + path + ": " + e);
        }
    }

    private void writeOutputs(RunResult result) throws IOException {
        Files.createDirectories(outputDir);
        for (Map.Entry<String, Tensor> output : result.outputs().entrySet()) {
            String file = UNSAFE_FILE_CHARACTERS.matcher(output.getKey()).replaceAll("_") + ".pb";
            Files.write(outputDir.resolve(file), TensorProtoCodec.encode(output.getKey(), output.getValue()));
        }
    }

    private static void writeResult(JsonGenerator json, RunResult result) throws IOException {
        json.writeArrayFieldStart("outputs");
        for (Map.Entry<String, Tensor> output : result.outputs().entrySet()) {
            TensorJson.write(json, output.getKey(), output.getValue(), SHOWN_VALUES);
        }
        json.writeEndArray();
        json.writeNumberField("fuel", result.fuelUsed());
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
