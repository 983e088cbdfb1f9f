package io.lockstep.nn.onnxnode;

import io.lockstep.nn.DType;
import io.lockstep.nn.NamedTensor;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.RunResult;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorProtoCodec;
import io.lockstep.nn.ValueInfo;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One ONNX node-test folder: {@code model.onnx} and {@code test_data_set_0/input_N.pb, output_N.pb}.
 * Runs the model on the inputs (shapes taken from the data; inputs that decide shapes bound as
 * constants when the engine asks for it) and compares every output.
 */
final class NodeTestCase {
    private final Path folder;

    NodeTestCase(Path folder) {
        this.folder = folder;
    }

    String name() {
        return folder.getFileName().toString();
    }

    /** Null when every output matches, else what went wrong. */
    String run() {
        try {
            OnnxModel model = OnnxModel.parse(Files.readAllBytes(folder.resolve("model.onnx")));
            List<NamedTensor> inputs = read("input_");
            List<NamedTensor> expected = read("output_");
            Set<String> initializers = new HashSet<>();
            model.graph().initializers().forEach(t -> initializers.add(t.name()));
            Map<String, Tensor> feed = new LinkedHashMap<>();
            int next = 0;
            for (ValueInfo input : model.graph().inputs()) {
                if (initializers.contains(input.name())) {
                    continue;
                }
                if (next >= inputs.size()) {
                    return "no test data for input '" + input.name() + "'";
                }
                feed.put(input.name(), inputs.get(next++).tensor());
            }
            PrepareOptions options = PrepareOptions.DEFAULT;
            for (Map.Entry<String, Tensor> e : feed.entrySet()) {
                options = options.withInputShape(e.getKey(), e.getValue().shape());
            }
            PreparedModel prepared;
            Map<String, Tensor> runInputs = feed;
            try {
                prepared = PreparedModel.prepare(model, options);
            } catch (NnException e) {
                if (e.code() != NnErrorCode.VALUE_DEPENDENT_SHAPE) {
                    throw e;
                }
                // The test feeds a shape-deciding value (Reshape's target...) as an input: fix it.
                runInputs = new LinkedHashMap<>();
                PrepareOptions bound = PrepareOptions.DEFAULT;
                for (Map.Entry<String, Tensor> entry : feed.entrySet()) {
                    DType type = entry.getValue().dtype();
                    if (type == DType.INT64 || type == DType.INT32) {
                        bound = bound.withConstantInput(entry.getKey(), entry.getValue());
                    } else {
                        bound = bound.withInputShape(
                                entry.getKey(), entry.getValue().shape());
                        runInputs.put(entry.getKey(), entry.getValue());
                    }
                }
                prepared = PreparedModel.prepare(model, bound);
            }
            RunResult result = prepared.run(runInputs);
            List<Tensor> actual = new ArrayList<>(result.outputs().values());
            if (actual.size() != expected.size()) {
                return actual.size() + " outputs, expected " + expected.size();
            }
            for (int i = 0; i < actual.size(); i++) {
                String mismatch =
                        TensorComparison.mismatch(actual.get(i), expected.get(i).tensor());
                if (mismatch != null) {
                    return "output " + i + ": " + mismatch;
                }
            }
            return null;
        } catch (NnException e) {
            return e.getMessage();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            return "crash: " + e;
        }
    }

    private List<NamedTensor> read(String prefix) throws IOException {
        Path data = folder.resolve("test_data_set_0");
        List<NamedTensor> out = new ArrayList<>();
        for (int i = 0; ; i++) {
            Path file = data.resolve(prefix + i + ".pb");
            if (!Files.exists(file)) {
                return out;
            }
            out.add(TensorProtoCodec.decode(Files.readAllBytes(file)));
        }
    }
}
