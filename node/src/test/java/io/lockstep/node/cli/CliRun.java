package io.lockstep.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/** One in-process run of the command line, with what it printed. */
record CliRun(int exitCode, String stdout, String stderr) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exitCode = LockstepCli.execute(args, new PrintWriter(out, true), new PrintWriter(err, true));
        return new CliRun(exitCode, out.toString(), err.toString());
    }

    static CliRun of(List<String> args) {
        return of(args.toArray(String[]::new));
    }

    static List<String> args(Object... parts) {
        List<String> args = new ArrayList<>();
        for (Object part : parts) {
            args.add(part.toString());
        }
        return args;
    }

    /** The single JSON object a successful run prints, after checking that it printed exactly that. */
    JsonNode json() {
        assertEquals(0, exitCode, () -> "exit code; stderr: " + stderr);
        assertTrue(stdout.endsWith("\n"), () -> "stdout must end with a newline: " + stdout);
        assertEquals(1, stdout.lines().count(), () -> "stdout must be one line: " + stdout);
        try {
            JsonNode node = JSON.readTree(stdout);
            assertTrue(node.isObject(), () -> "not a JSON object: " + stdout);
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException("stdout is not JSON: " + stdout, e);
        }
    }

    /** Checks that the run was refused as a usage error: exit 2, nothing on stdout, a message on stderr. */
    CliRun assertUsageError(String expectedInMessage) {
        assertEquals(LockstepCli.EXIT_USAGE, exitCode, () -> "exit code; stdout: " + stdout + " stderr: " + stderr);
        assertEquals("", stdout, "a usage error prints nothing on stdout");
        assertTrue(
                stderr.contains(expectedInMessage),
                () -> "stderr should mention '" + expectedInMessage + "' but was: " + stderr);
        return this;
    }
}
