package io.lockstep.node.cli;

import io.lockstep.vm.Engine;
import io.lockstep.vm.local.LocalChain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep contract local}: an in-memory chain on the real VM ({@link LocalChain}) driven by JSON
 * lines on stdin and stdout, for contract tests written in other languages (the SDK's {@code VmChain}).
 */
@Command(
        name = "local",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Serve an in-memory chain on the real VM over JSON lines: one request per stdin line, one response"
                    + " per stdout line.",
            "",
            "Requests are objects with an id and a method: deploy {wasm|code}, registerModel {name, onnx},"
                    + " setBlock {height, time}, call {to, data, caller?, value?, fuel?}, storage {address,"
                    + " key?}. Failures are answered with {\"id\":..,\"error\":\"...\"}. Logs go to stderr."
                    + " The chain lives until stdin ends. See sdk/README.md for the protocol.",
            ""
        },
        footer = {"", "Exit status: 0 stdin ended, 1 operational failure, 2 usage error."})
final class ContractLocalCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            defaultValue = "both",
            description = "both (default: every call on both engines, which must agree), compiled or interpreter.")
    String engine;

    @Override
    public Integer call() throws IOException {
        try (LocalChain chain = chain();
                BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            new LocalChainSession(chain, spec.commandLine().getOut()).serve(in);
        }
        return LockstepCli.EXIT_OK;
    }

    private LocalChain chain() {
        if (engine.toLowerCase(Locale.ROOT).equals("both")) {
            return new LocalChain();
        }
        try {
            return LocalChain.onEngine(Engine.parse(engine));
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--engine: '" + engine + "' is not both, compiled or interpreter");
        }
    }
}
