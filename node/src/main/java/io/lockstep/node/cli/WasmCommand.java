package io.lockstep.node.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lockstep wasm}: work on a single WebAssembly module, outside any chain. */
@Command(
        name = "wasm",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = "Run or inspect a WebAssembly module in the contract VM.",
        subcommands = {WasmRunCommand.class, WasmInspectCommand.class})
final class WasmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return LockstepCli.missingSubcommand(spec);
    }
}
