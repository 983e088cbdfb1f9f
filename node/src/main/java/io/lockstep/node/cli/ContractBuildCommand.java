package io.lockstep.node.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import io.lockstep.node.contract.BuiltContract;
import io.lockstep.node.contract.ContractAbi;
import io.lockstep.node.contract.ContractBuildException;
import io.lockstep.node.contract.ContractBuilder;
import io.lockstep.node.contract.RepositoryRoot;
import io.lockstep.node.contract.Toolchain;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.VmConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep contract build DIR}: builds a contract with its SDK, then deploys the module through the
 * VM's deploy pipeline, so that a module the chain would refuse fails here, and prints what was built.
 */
@Command(
        name = "build",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Build a contract to .wasm and ABI JSON with its SDK and validate it with the VM's deploy pipeline.",
            "",
            "DIR holds an AssemblyScript contract (assembly/index.ts) or a Rust one (src/lib.rs). The SDK's"
                    + " build output goes to stderr; one JSON object is printed on stdout: the contract's name"
                    + " and language, the wasm and ABI paths, code hash, size, instrumented size,"
                    + " instantiation fuel and the functions with their selectors.",
            ""
        },
        footer = {
            "",
            "Exit status: 0 built and valid, 1 operational failure, 2 usage error (no such directory),"
                    + " 3 no contract source in DIR, 4 toolchain missing (Node.js/npm or Rust), 5 the build"
                    + " failed, 6 the VM refused the module (JSON with status invalid is printed)."
        })
final class ContractBuildCommand implements Callable<Integer> {

    static final int EXIT_UNKNOWN_LAYOUT = 3;
    static final int EXIT_TOOLCHAIN_MISSING = 4;
    static final int EXIT_BUILD_FAILED = 5;
    static final int EXIT_REJECTED = 6;

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "The contract's directory.")
    Path dir;

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write NAME.wasm and NAME.abi.json (default: the SDK's DIR/build).")
    Path out;

    @Override
    public Integer call() throws IOException {
        if (!Files.exists(dir)) {
            throw new ParameterException(spec.commandLine(), "No such directory: " + dir);
        }
        if (!Files.isDirectory(dir)) {
            throw new ParameterException(spec.commandLine(), "Not a directory: " + dir);
        }
        PrintWriter err = spec.commandLine().getErr();
        Optional<Path> root = RepositoryRoot.locate();
        if (root.isEmpty()) {
            err.println("lockstep: cannot find the SDKs: no sdk/ in the repository (" + RepositoryRoot.PROPERTY
                    + " is set by ./lockstep) nor above the working directory");
            return LockstepCli.EXIT_FAILURE;
        }
        BuiltContract built;
        List<ContractAbi.Function> functions;
        try {
            built = new ContractBuilder(root.get(), Toolchain.FROM_PATH, err).build(dir, out);
            functions = readFunctions(built);
        } catch (ContractBuildException e) {
            err.println("lockstep: contract build: " + e.getMessage());
            err.flush();
            return switch (e.problem()) {
                case UNKNOWN_LAYOUT -> EXIT_UNKNOWN_LAYOUT;
                case TOOLCHAIN_MISSING -> EXIT_TOOLCHAIN_MISSING;
                case BUILD_FAILED -> EXIT_BUILD_FAILED;
            };
        }
        byte[] wasm = Files.readAllBytes(built.wasm());
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            DeployResult deployed = vm.deploy(wasm);
            PrintWriter stdout = spec.commandLine().getOut();
            if (deployed instanceof DeployResult.Rejected rejected) {
                String reason = rejected.reason().name().toLowerCase(Locale.ROOT);
                JsonOutput.print(stdout, json -> {
                    json.writeStringField("status", "invalid");
                    writeBuilt(json, built, wasm.length);
                    json.writeStringField("reason", reason);
                    json.writeStringField("message", rejected.message());
                });
                err.println("lockstep: contract build: the VM refuses " + built.wasm() + " (" + reason + "): "
                        + rejected.message());
                err.flush();
                return EXIT_REJECTED;
            }
            DeployedCode code = ((DeployResult.Deployed) deployed).code();
            JsonOutput.print(stdout, json -> {
                json.writeStringField("status", "valid");
                writeBuilt(json, built, code.originalSize());
                json.writeStringField("codeHash", code.hash().toString());
                json.writeNumberField("instrumentedSize", code.instrumentedSize());
                json.writeNumberField("instantiationFuel", code.instantiationFuel());
                json.writeArrayFieldStart("functions");
                for (ContractAbi.Function function : functions) {
                    json.writeStartObject();
                    json.writeStringField("name", function.name());
                    json.writeStringField("signature", function.signature());
                    json.writeStringField("selector", function.selector());
                    json.writeStringField("stateMutability", function.stateMutability());
                    json.writeEndObject();
                }
                json.writeEndArray();
            });
            return LockstepCli.EXIT_OK;
        }
    }

    private static List<ContractAbi.Function> readFunctions(BuiltContract built) {
        try {
            return ContractAbi.functions(built.abi());
        } catch (IOException e) {
            throw new ContractBuildException(
                    ContractBuildException.Problem.BUILD_FAILED,
                    "the build wrote an ABI JSON that cannot be read: " + e.getMessage());
        }
    }

    private static void writeBuilt(JsonGenerator json, BuiltContract built, int size) throws IOException {
        json.writeStringField("contract", built.name());
        json.writeStringField("language", built.language().wireName());
        json.writeStringField("wasm", shown(built.wasm()));
        json.writeStringField("abi", shown(built.abi()));
        json.writeNumberField("size", size);
    }

    /** A path relative to the working directory when it is below it, so output does not depend on the checkout. */
    private static String shown(Path file) {
        Path cwd = Path.of("").toAbsolutePath();
        return file.startsWith(cwd) ? cwd.relativize(file).toString() : file.toString();
    }
}
