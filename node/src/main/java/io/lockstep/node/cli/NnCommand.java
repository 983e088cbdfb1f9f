package io.lockstep.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lockstep nn}: work on a single ONNX model with the deterministic inference engine. */
@Command(
        name = "nn",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Run an ONNX model with the deterministic inference engine (kernel set nn-2).",
        subcommands = {NnRunCommand.class})
final class NnCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return LockstepCli.missingSubcommand(spec);
    }
}
