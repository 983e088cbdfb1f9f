package io.lockstep.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lockstep}: the top of the command tree. */
@Command(
        name = "lockstep",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "A validator node for a chain of deterministic WebAssembly contracts.",
        subcommands = {
            DevCommand.class,
            NodeCommand.class,
            InitCommand.class,
            WasmCommand.class,
            NnCommand.class,
            ContractCommand.class,
            HelpCommand.class
        },
        footer = {"", "Exit status: 0 output printed, 1 operational failure, 2 usage error."})
public final class LockstepCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return LockstepCli.missingSubcommand(spec);
    }
}
