package io.lockstep.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.node.contract.RepositoryRoot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AssemblyScript SDK's own tests ({@code npm test} in sdk/assemblyscript: Keccak-256, the ABI codec,
 * dispatcher and storage against ethers, the counter on {@code TestChain} and, through {@code VmChain},
 * on the real VM), run in the default test run so that CI runs them. {@code VmChain} is pointed at the
 * command line just compiled (LOCKSTEP_CLI), not at {@code ./lockstep}, which would start a second
 * Maven build inside this one. Skipped with a message without Node.js.
 */
class SdkNpmTest {

    @TempDir
    Path temp;

    @Test
    void npmTestPasses() throws IOException, InterruptedException {
        assumeTrue(NodeJs.available(), NodeJs.SKIP);
        Path sdk = RepositoryRoot.locate().orElseThrow().resolve("sdk/assemblyscript");
        if (!Files.isDirectory(sdk.resolve("node_modules/assemblyscript"))
                || !Files.isDirectory(sdk.resolve("node_modules/ethers"))) {
            assertEquals(0, run(sdk, List.of("npm", "ci", "--no-audit", "--no-fund"), null), "npm ci failed");
        }
        Path cli = temp.resolve("lockstep-cli");
        String java = ProcessHandle.current().info().command().orElse("java");
        Files.writeString(
                cli,
                "#!/bin/sh\nexec '" + java + "' -cp '" + System.getProperty("java.class.path") + "' "
                        + LockstepCli.class.getName() + " \"$@\"\n",
                StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(cli, PosixFilePermissions.fromString("rwx------"));
        assertEquals(0, run(sdk, List.of("npm", "test"), cli), "npm test failed; its output is above");
    }

    private static int run(Path dir, List<String> command, Path cli) throws IOException, InterruptedException {
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(dir.toFile()).inheritIO();
        if (cli != null) {
            builder.environment().put("LOCKSTEP_CLI", cli.toString());
        }
        Process process = builder.start();
        assertTrue(process.waitFor(15, TimeUnit.MINUTES), String.join(" ", command) + " did not finish");
        return process.exitValue();
    }
}
