package io.lockstep.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lockstep contract}: build contracts with the SDKs and run them on a local chain. */
@Command(
        name = "contract",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Build a contract with its SDK, or run contracts on an in-memory chain on the real VM.",
        subcommands = {ContractBuildCommand.class, ContractLocalCommand.class})
final class ContractCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return LockstepCli.missingSubcommand(spec);
    }
}
