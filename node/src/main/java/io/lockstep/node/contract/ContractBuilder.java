package io.lockstep.node.contract;

import io.lockstep.node.contract.ContractBuildException.Problem;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Builds a contract directory with its language's SDK, exactly as a contract author would by hand:
 * {@code node sdk/assemblyscript/bin/lockstep-contract-build.mjs DIR} (after {@code npm ci} in the SDK
 * when its compiler is not installed yet), or {@code sdk/rust/build-contract.sh DIR [OUT]}. Everything
 * the build prints goes to the log. Both SDKs end the module with the {@code lockstep.end} section,
 * after which a deploy carries the constructor input; a module without it is a failed build.
 */
public final class ContractBuilder {

    /** The oldest Node.js the AssemblyScript SDK supports (its package.json's engines). */
    static final int MIN_NODE_MAJOR = 20;

    /** build-contract.sh's exit status when no rustc with the wasm32 target is installed. */
    static final int RUST_TOOLCHAIN_MISSING = 2;

    static final String INSTALL_NODE = "install Node.js " + MIN_NODE_MAJOR + " or newer with npm (Debian/Ubuntu:"
            + " apt-get install nodejs npm, or see https://nodejs.org)";
    static final String INSTALL_RUST = "install a rustc with the wasm32 target: apt-get install rustc"
            + " libstd-rust-dev-wasm32 (or set RUSTC to such a rustc)";

    /**
     * The last section of every module the SDKs build: custom (id 0), 13 bytes long, the name's length
     * 12, {@code lockstep.end}, no payload.
     */
    static final byte[] END_SECTION = {0, 13, 12, 'l', 'o', 'c', 'k', 's', 't', 'e', 'p', '.', 'e', 'n', 'd'};

    private static final Pattern NODE_VERSION = Pattern.compile("v(\\d+)\\.");

    private final Path repositoryRoot;
    private final Toolchain tools;
    private final PrintWriter log;

    public ContractBuilder(Path repositoryRoot, Toolchain tools, PrintWriter log) {
        this.repositoryRoot = Objects.requireNonNull(repositoryRoot, "repositoryRoot");
        this.tools = Objects.requireNonNull(tools, "tools");
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * Builds the contract in {@code dir} into {@code out}, or into the SDK's default {@code dir/build}
     * when {@code out} is null.
     *
     * @throws ContractBuildException when the layout is unknown, the toolchain missing or the build fails
     * @throws IOException when a file cannot be read or written
     */
    public BuiltContract build(Path dir, Path out) throws IOException {
        Path contract = dir.toAbsolutePath().normalize();
        ContractLanguage language = ContractLanguage.detect(contract);
        BuiltContract built =
                switch (language) {
                    case ASSEMBLYSCRIPT -> buildAssemblyScript(contract);
                    case RUST -> buildRust(contract, out);
                };
        for (Path file : List.of(built.wasm(), built.abi())) {
            if (!Files.isRegularFile(file)) {
                throw new ContractBuildException(
                        Problem.BUILD_FAILED, "the build reported success but did not write " + file);
            }
        }
        requireEndSection(built.wasm());
        if (out == null || language == ContractLanguage.RUST) {
            return built;
        }
        // The AssemblyScript build always writes DIR/build; its results are copied where asked.
        Path target = Files.createDirectories(out.toAbsolutePath().normalize());
        Path wasm = Files.copy(
                built.wasm(), target.resolve(built.wasm().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        Path abi =
                Files.copy(built.abi(), target.resolve(built.abi().getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return new BuiltContract(built.name(), language, wasm, abi);
    }

    private BuiltContract buildAssemblyScript(Path contract) throws IOException {
        Path sdk = repositoryRoot.resolve("sdk/assemblyscript");
        Path script = sdk.resolve("bin/lockstep-contract-build.mjs");
        if (!Files.isRegularFile(script)) {
            throw new IOException("the AssemblyScript SDK is missing: no " + script);
        }
        checkNode(sdk);
        if (!Files.isDirectory(sdk.resolve("node_modules/assemblyscript"))) {
            log.println("lockstep: installing the AssemblyScript SDK's compiler (npm ci in " + sdk + ") ...");
            ChildProcess.Result install = start(List.of(tools.npm(), "ci", "--no-audit", "--no-fund"), sdk, "npm");
            if (install.exitCode() != 0) {
                throw new ContractBuildException(
                        Problem.BUILD_FAILED,
                        "npm ci in " + sdk + " failed (exit " + install.exitCode() + "); its last lines:\n"
                                + install.tailText());
            }
        }
        ChildProcess.Result result =
                start(List.of(tools.node(), script.toString(), contract.toString()), sdk, "Node.js");
        if (result.exitCode() != 0) {
            throw failed(result);
        }
        String name = contract.getFileName().toString();
        Path build = contract.resolve("build");
        return new BuiltContract(
                name,
                ContractLanguage.ASSEMBLYSCRIPT,
                build.resolve(name + ".wasm"),
                build.resolve(name + ".abi.json"));
    }

    private BuiltContract buildRust(Path contract, Path out) throws IOException {
        Path script = repositoryRoot.resolve("sdk/rust/build-contract.sh");
        if (!Files.isRegularFile(script)) {
            throw new IOException("the Rust SDK is missing: no " + script);
        }
        Path target =
                out == null ? contract.resolve("build") : out.toAbsolutePath().normalize();
        Files.createDirectories(target);
        ChildProcess.Result result = start(
                List.of(tools.bash(), script.toString(), contract.toString(), target.toString()), contract, "bash");
        if (result.exitCode() == RUST_TOOLCHAIN_MISSING) {
            throw new ContractBuildException(
                    Problem.TOOLCHAIN_MISSING, "no Rust compiler that can build wasm32 contracts; " + INSTALL_RUST);
        }
        if (result.exitCode() != 0) {
            throw failed(result);
        }
        String name = contract.getFileName().toString().replace('-', '_');
        return new BuiltContract(
                name, ContractLanguage.RUST, target.resolve(name + ".wasm"), target.resolve(name + ".abi.json"));
    }

    /**
     * Without the end section a deploy's constructor arguments would be read as part of the module, so
     * the chain would refuse every deploy that has some: fail here, where the cause is known.
     */
    private static void requireEndSection(Path wasm) throws IOException {
        byte[] module = Files.readAllBytes(wasm);
        int at = module.length - END_SECTION.length;
        if (at < 0 || !Arrays.equals(module, at, module.length, END_SECTION, 0, END_SECTION.length)) {
            throw new ContractBuildException(
                    Problem.BUILD_FAILED,
                    wasm + " does not end with the lockstep.end section, which marks where a deploy's"
                            + " constructor arguments begin; the SDK that built it is older than this node");
        }
    }

    /** Node.js must be there and recent enough; npm is checked when it is first needed. */
    private void checkNode(Path sdk) throws IOException {
        ChildProcess.Result version =
                start(List.of(tools.node(), "--version"), sdk, "Node.js", new PrintWriter(Writer.nullWriter()));
        Matcher matcher = NODE_VERSION.matcher(version.tailText());
        if (version.exitCode() != 0 || !matcher.find()) {
            throw new ContractBuildException(
                    Problem.TOOLCHAIN_MISSING,
                    "'" + tools.node() + " --version' did not print a Node.js version; " + INSTALL_NODE);
        }
        int major = Integer.parseInt(matcher.group(1));
        if (major < MIN_NODE_MAJOR) {
            throw new ContractBuildException(
                    Problem.TOOLCHAIN_MISSING, "Node.js " + major + " is too old; " + INSTALL_NODE);
        }
    }

    /** Runs a step; a program that cannot be started is a missing toolchain. */
    private ChildProcess.Result start(List<String> command, Path dir, String what) {
        return start(command, dir, what, log);
    }

    private ChildProcess.Result start(List<String> command, Path dir, String what, PrintWriter output) {
        try {
            return ChildProcess.run(command, dir, output);
        } catch (IOException e) {
            String install = what.equals("bash") ? "install bash" : INSTALL_NODE;
            throw new ContractBuildException(
                    Problem.TOOLCHAIN_MISSING,
                    what + " is needed to build this contract but '" + command.get(0) + "' could not be run ("
                            + e.getMessage() + "); " + install);
        }
    }

    private static ContractBuildException failed(ChildProcess.Result result) {
        return new ContractBuildException(
                Problem.BUILD_FAILED,
                "the build failed (exit " + result.exitCode() + "); its last lines:\n" + result.tailText());
    }
}
