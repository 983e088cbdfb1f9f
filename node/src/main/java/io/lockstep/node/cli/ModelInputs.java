package io.lockstep.node.cli;

import io.lockstep.nn.NamedTensor;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.ValueInfo;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Matches the {@code --input} values of {@code nn run} to the model's graph inputs before anything is
 * prepared, so that a missing or unknown input is a usage error naming what the model takes.
 */
final class ModelInputs {

    private ModelInputs() {}

    /**
     * Checks that the inputs are exactly the model's run-time inputs (graph inputs without an
     * initializer) and returns the options that fix the shapes the model leaves symbolic to the shapes
     * given.
     */
    static PrepareOptions check(OnnxModel model, Map<String, Tensor> given, CommandSpec spec) {
        Set<String> initializers = new HashSet<>();
        for (NamedTensor initializer : model.graph().initializers()) {
            initializers.add(initializer.name());
        }
        List<ValueInfo> runtime = new ArrayList<>();
        for (ValueInfo input : model.graph().inputs()) {
            if (!initializers.contains(input.name())) {
                runtime.add(input);
            }
        }
        for (String name : given.keySet()) {
            if (runtime.stream().noneMatch(input -> input.name().equals(name))) {
                throw new ParameterException(
                        spec.commandLine(), "the model has no input '" + name + "'; it takes " + describe(runtime));
            }
        }
        PrepareOptions options = PrepareOptions.DEFAULT;
        for (ValueInfo input : runtime) {
            Tensor value = given.get(input.name());
            if (value == null) {
                throw new ParameterException(
                        spec.commandLine(),
                        "missing input '" + input.name() + "': give --input " + input.name()
                                + "=FILE.pb; the model takes " + describe(runtime));
            }
            if (!input.hasStaticShape()) {
                options = options.withInputShape(input.name(), value.shape());
            }
        }
        return options;
    }

    private static String describe(List<ValueInfo> inputs) {
        if (inputs.isEmpty()) {
            return "no inputs";
        }
        List<String> parts = new ArrayList<>();
        for (ValueInfo input : inputs) {
            StringBuilder text = new StringBuilder(input.name()).append(": ");
            text.append(input.dtype().map(Enum::name).orElse("type " + input.elemType()));
            if (input.shape() == null) {
                text.append("[?]");
            } else {
                List<String> dims = new ArrayList<>();
                for (ValueInfo.Dim dim : input.shape()) {
                    dims.add(
                            dim.isFixed()
                                    ? Long.toString(dim.value())
                                    : dim.param().isEmpty() ? "?" : dim.param());
                }
                text.append('[').append(String.join(",", dims)).append(']');
            }
            parts.add(text.toString());
        }
        return String.join(", ", parts);
    }
}
