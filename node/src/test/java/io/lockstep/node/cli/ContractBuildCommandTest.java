package io.lockstep.node.cli;

import static io.lockstep.node.cli.CliRun.args;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lockstep.node.contract.RepositoryRoot;
import io.lockstep.node.testing.Wat;
import io.lockstep.vm.CodeHash;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.VmConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code contract build} on the repository's examples with the real SDKs (skipped, saying why, without
 * Node.js or a wasm32 rustc), and each way it can fail, with its own exit status.
 */
class ContractBuildCommandTest {

    private static final Path ROOT = RepositoryRoot.locate().orElseThrow();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] END_SECTION = {0, 13, 12, 'l', 'o', 'c', 'k', 's', 't', 'e', 'p', '.', 'e', 'n', 'd'};
    /** A shell command printing END_SECTION. */
    private static final String APPEND_END_SECTION = "printf '\\000\\015\\014lockstep.end'";

    @TempDir
    Path temp;

    @Test
    void buildsTheAssemblyScriptCounter() throws Exception {
        assumeTrue(NodeJs.available(), NodeJs.SKIP);
        CliRun run = CliRun.of(args("contract", "build", ROOT.resolve("examples/counter"), "--out", temp));
        JsonNode json = run.json();

        assertEquals("valid", json.get("status").asText(), run::toString);
        assertEquals("counter", json.get("contract").asText());
        assertEquals("assemblyscript", json.get("language").asText());
        Path wasm = Path.of(json.get("wasm").asText());
        Path abi = Path.of(json.get("abi").asText());
        assertEquals(temp.resolve("counter.wasm"), wasm);
        assertEquals(temp.resolve("counter.abi.json"), abi);
        assertMatchesFiles(json, wasm);
        assertEndsWithEndSection(wasm);
        assertTrue(run.stderr().contains("counter.wasm"), "the SDK's output goes to stderr: " + run.stderr());

        Map<String, JsonNode> functions = functions(json);
        assertEquals(
                Map.of(
                        "increment", "0x7cf5dab0 increment(uint256) nonpayable",
                        "get", "0x6d4ce63c get() view",
                        "incrementsBy", "0x1e077b82 incrementsBy(address) view",
                        "lastIncrementer", "0x77579804 lastIncrementer() view"),
                described(functions));
        int inAbi = 0;
        for (JsonNode entry : JSON.readTree(abi.toFile())) {
            inAbi += entry.get("type").asText().equals("function") ? 1 : 0;
        }
        assertEquals(inAbi, functions.size(), "every function of the ABI JSON, and nothing else");
    }

    @Test
    void buildsTheRustCounter() throws Exception {
        CliRun run = CliRun.of(args("contract", "build", ROOT.resolve("examples/counter-rust"), "--out", temp));
        assumeFalse(
                run.exitCode() == ContractBuildCommand.EXIT_TOOLCHAIN_MISSING,
                "no rustc with the wasm32 target; skipping: " + run.stderr());
        JsonNode json = run.json();

        assertEquals("valid", json.get("status").asText(), run::toString);
        assertEquals("counter_rust", json.get("contract").asText());
        assertEquals("rust", json.get("language").asText());
        Path wasm = Path.of(json.get("wasm").asText());
        assertEquals(temp.resolve("counter_rust.wasm"), wasm);
        assertEquals(
                temp.resolve("counter_rust.abi.json"), Path.of(json.get("abi").asText()));
        assertMatchesFiles(json, wasm);
        assertEndsWithEndSection(wasm);
        assertEquals(
                Map.of(
                        "count", "0x06661abd count() view",
                        "added_by", "0x891eb37e added_by(address) view",
                        "increment", "0x7cf5dab0 increment(uint256) nonpayable"),
                described(functions(json)));
    }

    @Test
    void aMissingDirectoryIsAUsageError() {
        CliRun.of(args("contract", "build", temp.resolve("absent"))).assertUsageError("No such directory");
    }

    @Test
    void aDirectoryWithoutContractSourceNamesWhatWasLookedFor() throws IOException {
        Files.writeString(temp.resolve("README.md"), "not a contract");

        CliRun run = CliRun.of(args("contract", "build", temp));

        assertEquals(ContractBuildCommand.EXIT_UNKNOWN_LAYOUT, run.exitCode(), run::toString);
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains("assembly/index.ts"), run.stderr());
        assertTrue(run.stderr().contains("src/lib.rs"), run.stderr());
    }

    @Test
    void sourceThatDoesNotCompileFailsWithTheCompilersMessage() throws IOException {
        assumeTrue(NodeJs.available(), NodeJs.SKIP);
        Path contract = Files.createDirectories(temp.resolve("broken/assembly"));
        Files.writeString(
                contract.resolve("index.ts"),
                "export function answer(): u64 {\n  return undefinedThing;\n}\n",
                StandardCharsets.UTF_8);

        CliRun run = CliRun.of(args("contract", "build", temp.resolve("broken")));

        assertEquals(ContractBuildCommand.EXIT_BUILD_FAILED, run.exitCode(), run::toString);
        assertEquals("", run.stdout());
        int failure = run.stderr().indexOf("the build failed");
        assertTrue(failure >= 0, run.stderr());
        assertTrue(run.stderr().indexOf("undefinedThing", failure) > failure, "the tail quotes the compiler: " + run);
    }

    @Test
    void aModuleTheVmRefusesIsReportedWithReasonAndMessage() throws Exception {
        // A stand-in Rust SDK whose build "succeeds" with a module importing env.abort, which the VM refuses.
        Path refused = Wat.module(
                temp, "refused", "(module (import \"env\" \"abort\" (func)) (func (export \"call\") (call 0)))");
        Path root = fakeRustSdk("cp '" + refused + "' \"$2/stand_in.wasm\"\n" + APPEND_END_SECTION
                + " >>\"$2/stand_in.wasm\"\n" + "echo '[]' > \"$2/stand_in.abi.json\"\n");
        Path contract = Files.createDirectories(temp.resolve("stand-in/src"));
        Files.writeString(contract.resolve("lib.rs"), "// not compiled by the stand-in\n");

        CliRun run = withRoot(root, () -> CliRun.of(args("contract", "build", temp.resolve("stand-in"))));

        assertEquals(ContractBuildCommand.EXIT_REJECTED, run.exitCode(), run::toString);
        JsonNode json = JSON.readTree(run.stdout());
        assertEquals("invalid", json.get("status").asText());
        assertEquals("stand_in", json.get("contract").asText());
        assertEquals("import_not_allowed", json.get("reason").asText(), json::toString);
        assertTrue(json.get("message").asText().contains("abort"), json::toString);
        assertEquals(Files.size(refused) + END_SECTION.length, json.get("size").asLong());
        assertTrue(run.stderr().contains("refuses"), run.stderr());
    }

    @Test
    void aModuleWithoutTheEndSectionIsAFailedBuild() throws Exception {
        // A stand-in for an SDK from before constructors: a valid module that ends after its last
        // standard section, so constructor arguments could not be told from it.
        Path module = Wat.module(temp, "unmarked", "(module (func (export \"call\")))");
        Path root = fakeRustSdk("cp '" + module + "' \"$2/unmarked.wasm\"\necho '[]' > \"$2/unmarked.abi.json\"\n");
        Path contract = Files.createDirectories(temp.resolve("unmarked/src"));
        Files.writeString(contract.resolve("lib.rs"), "// not compiled by the stand-in\n");

        CliRun run = withRoot(root, () -> CliRun.of(args("contract", "build", temp.resolve("unmarked"))));

        assertEquals(ContractBuildCommand.EXIT_BUILD_FAILED, run.exitCode(), run::toString);
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains("does not end with the lockstep.end section"), run.stderr());
    }

    @Test
    void aMissingRustToolchainSaysWhatToInstall() throws Exception {
        // build-contract.sh exits 2 when it finds no wasm32 rustc; the stand-in does just that.
        Path root =
                fakeRustSdk("echo 'build-contract.sh: no rustc with the wasm32-unknown-unknown target' >&2\nexit 2\n");
        Path contract = Files.createDirectories(temp.resolve("rusty/src"));
        Files.writeString(contract.resolve("lib.rs"), "#![no_std]\n");

        CliRun run = withRoot(root, () -> CliRun.of(args("contract", "build", temp.resolve("rusty"))));

        assertEquals(ContractBuildCommand.EXIT_TOOLCHAIN_MISSING, run.exitCode(), run::toString);
        assertEquals("", run.stdout());
        assertTrue(run.stderr().contains("apt-get install rustc libstd-rust-dev-wasm32"), run.stderr());
    }

    /** The last section the SDKs write, byte for byte: custom, 13 bytes, a 12-byte name, no payload. */
    private static void assertEndsWithEndSection(Path wasm) throws IOException {
        byte[] bytes = Files.readAllBytes(wasm);
        assertArrayEquals(
                END_SECTION,
                Arrays.copyOfRange(bytes, bytes.length - END_SECTION.length, bytes.length),
                wasm::toString);
    }

    private static void assertMatchesFiles(JsonNode json, Path wasm) throws IOException {
        byte[] bytes = Files.readAllBytes(wasm);
        assertEquals(bytes.length, json.get("size").asInt(), "size is the file's");
        assertEquals(CodeHash.of(bytes).toString(), json.get("codeHash").asText());
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            DeployedCode code = ((DeployResult.Deployed) vm.deploy(bytes)).code();
            assertEquals(
                    code.instrumentedBytes().length,
                    json.get("instrumentedSize").asInt());
            assertEquals(code.instantiationFuel(), json.get("instantiationFuel").asLong());
        }
        assertTrue(json.get("instrumentedSize").asInt() > bytes.length, "instrumentation adds code");
    }

    private static Map<String, JsonNode> functions(JsonNode json) {
        Map<String, JsonNode> functions = new HashMap<>();
        json.get("functions").forEach(f -> functions.put(f.get("name").asText(), f));
        return functions;
    }

    private static Map<String, String> described(Map<String, JsonNode> functions) {
        Map<String, String> described = new HashMap<>();
        functions.forEach((name, f) -> described.put(
                name,
                f.get("selector").asText() + " " + f.get("signature").asText() + " "
                        + f.get("stateMutability").asText()));
        return described;
    }

    /** A repository root whose only SDK is a build-contract.sh running {@code body} (DIR is $1, OUT_DIR $2). */
    private Path fakeRustSdk(String body) throws IOException {
        Path sdk = Files.createDirectories(temp.resolve("repo/sdk/rust"));
        Files.writeString(sdk.resolve("build-contract.sh"), "set -e\n" + body, StandardCharsets.UTF_8);
        return temp.resolve("repo");
    }

    /** Runs the command with the repository root the launcher would pass, as ./lockstep in {@code root} does. */
    private static CliRun withRoot(Path root, java.util.function.Supplier<CliRun> command) {
        String previous = System.getProperty(RepositoryRoot.PROPERTY);
        System.setProperty(RepositoryRoot.PROPERTY, root.toString());
        try {
            return command.get();
        } finally {
            if (previous == null) {
                System.clearProperty(RepositoryRoot.PROPERTY);
            } else {
                System.setProperty(RepositoryRoot.PROPERTY, previous);
            }
        }
    }
}
