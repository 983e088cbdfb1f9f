package io.lockstep.vm.sdk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * ABI round trips with Web3j for the Rust SDK: its codec fixture ({@code sdk/rust/fixtures/codec}) built by
 * {@code sdk/rust/build-contract.sh}. Skipped where no rustc targets wasm32.
 */
class RustAbiRoundTripTest extends AbiRoundTripChecks {

    /** The build script's exit code when no rustc can target wasm32. */
    private static final int NO_TOOLCHAIN = 2;

    @Override
    Path buildFixture() {
        Path repo = SdkBuild.repositoryRoot();
        Path out = Path.of("target", "rust-abi-codec").toAbsolutePath();
        try {
            Process process = new ProcessBuilder(
                            "bash",
                            repo.resolve("sdk/rust/build-contract.sh").toString(),
                            repo.resolve("sdk/rust/fixtures/codec").toString(),
                            out.toString())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(5, TimeUnit.MINUTES), "build-contract.sh did not finish");
            assumeTrue(
                    process.exitValue() != NO_TOOLCHAIN,
                    "skipped: no rustc with the wasm32-unknown-unknown target: " + log.strip());
            assertEquals(0, process.exitValue(), "build-contract.sh failed:\n" + log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building the fixture", e);
        }
        return out.resolve("codec.wasm");
    }

    @Override
    String expectedReason(Malformed malformed) {
        return "lockstep: bad calldata for " + malformed.function() + ", parameter " + malformed.parameter() + ": "
                + malformed.rust();
    }
}
