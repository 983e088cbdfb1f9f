package io.lockstep.node.cli;

import static io.lockstep.node.cli.CliRun.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.node.testing.Wat;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example the README runs: it gives the documented result, and its binary matches its source. */
class ExampleModulesTest {

    private static final Path EXAMPLES = Path.of(System.getProperty("basedir", "."), "examples");

    @TempDir
    Path dir;

    @Test
    void fibonacciGivesTheDocumentedResult() {
        String stdout = CliRun.of(
                        args("wasm", "run", EXAMPLES.resolve("fib.wasm"), "--invoke", "fib", "--arg", "i64:90"))
                .stdout();

        // fib(90) = 2880067194370816120, as the README shows.
        assertTrue(
                stdout.startsWith("{\"status\":\"success\",\"results\":[\"i64:0x27f80ddaa1ba7878\"],\"fuelUsed\":"),
                stdout);
    }

    @Test
    void committedBinaryBehavesLikeItsSource() throws Exception {
        Path rebuilt = dir.resolve("fib.wasm");
        Wat.compile(EXAMPLES.resolve("fib.wat"), rebuilt);
        assertTrue(Files.size(rebuilt) > 8);

        for (String n : new String[] {"0", "1", "2", "90", "100000000"}) {
            String committed = CliRun.of(
                            args("wasm", "run", EXAMPLES.resolve("fib.wasm"), "--invoke", "fib", "--arg", "i64:" + n))
                    .stdout();
            String fromSource = CliRun.of(args("wasm", "run", rebuilt, "--invoke", "fib", "--arg", "i64:" + n))
                    .stdout();

            assertEquals(fromSource, committed, "fib(" + n + ")");
        }
    }
}
