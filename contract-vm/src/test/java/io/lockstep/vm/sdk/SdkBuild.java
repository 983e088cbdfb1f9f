package io.lockstep.vm.sdk;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds a contract directory with the AssemblyScript SDK's own build script, the way a contract author
 * does: {@code npm ci} in the SDK when its dependencies are missing, then
 * {@code node bin/lockstep-contract-build.mjs DIR}. Skips the calling test when Node.js or npm is absent.
 */
final class SdkBuild {

    private static final long NPM_CI_MINUTES = 10;
    private static final long BUILD_MINUTES = 5;

    private SdkBuild() {}

    /** The repository root: the nearest directory up from the working directory that holds the SDK. */
    static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null) {
            if (Files.isRegularFile(dir.resolve("sdk/assemblyscript/package.json"))) {
                return dir;
            }
            dir = dir.getParent();
        }
        throw new IllegalStateException(
                "no sdk/assemblyscript above " + Path.of("").toAbsolutePath());
    }

    /** Builds {@code contractDir} and returns its build directory. */
    static Path build(Path contractDir) {
        Path sdk = installedSdk();
        run(sdk, BUILD_MINUTES, "node", "bin/lockstep-contract-build.mjs", contractDir.toString());
        return contractDir.resolve("build");
    }

    /** The SDK directory with its pinned npm dependencies installed; skips the test without Node.js. */
    private static Path installedSdk() {
        Path sdk = repositoryRoot().resolve("sdk/assemblyscript");
        assumeTrue(
                works(sdk, "node", "--version") && works(sdk, "npm", "--version"),
                "Node.js and npm are needed to build contracts with the AssemblyScript SDK; not found on PATH,"
                        + " skipping");
        if (!Files.isDirectory(sdk.resolve("node_modules/assemblyscript"))
                || !Files.isDirectory(sdk.resolve("node_modules/ethers"))) {
            run(sdk, NPM_CI_MINUTES, "npm", "ci", "--no-audit", "--no-fund");
        }
        return sdk;
    }

    private static boolean works(Path dir, String... command) {
        try {
            Process process = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            process.getInputStream().readAllBytes();
            return process.waitFor(1, TimeUnit.MINUTES) && process.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void run(Path dir, long minutes, String... command) {
        try {
            Path log = Files.createTempFile("lockstep-sdk-build", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .directory(dir.toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                if (!process.waitFor(minutes, TimeUnit.MINUTES)) {
                    process.destroyForcibly();
                    fail(String.join(" ", command) + " did not finish in " + minutes + " minutes");
                }
                String output = Files.readString(log, StandardCharsets.UTF_8);
                if (process.exitValue() != 0) {
                    fail(String.join(" ", command) + " exited " + process.exitValue() + ":\n" + output);
                }
                System.out.print(output);
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            fail("could not run " + List.of(command) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while running " + List.of(command));
        }
    }
}
