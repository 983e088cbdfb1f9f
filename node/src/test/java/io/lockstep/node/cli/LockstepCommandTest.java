package io.lockstep.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LockstepCommandTest {

    @Test
    void versionNamesTheBuildAndTheFuelSchedule() throws Exception {
        CliRun run = CliRun.of("--version");

        assertEquals(0, run.exitCode(), run::stderr);
        assertTrue(run.stdout().startsWith("lockstep " + VersionInfo.version() + "\n"), run::stdout);
        assertTrue(!VersionInfo.version().contains("${"), "the version resource is filtered");
        assertTrue(run.stdout().contains("cost table) v6"), run::stdout);
    }

    @Test
    void helpListsTheCommands() {
        CliRun top = CliRun.of("--help");
        CliRun wasm = CliRun.of("help", "wasm");

        assertEquals(0, top.exitCode());
        assertTrue(top.stdout().contains("wasm"), top::stdout);
        assertEquals(0, wasm.exitCode());
        assertTrue(wasm.stdout().contains("run") && wasm.stdout().contains("inspect"), wasm::stdout);
    }

    @Test
    void noCommandShowsTheHelpAsAUsageError() {
        CliRun.of().assertUsageError("Usage: lockstep");
        CliRun.of("wasm").assertUsageError("Usage: lockstep wasm");
    }

    @Test
    void unknownCommandOrOptionIsAUsageError() {
        CliRun.of("wasm", "execute").assertUsageError("execute");
        CliRun.of("--frobnicate").assertUsageError("--frobnicate");
    }
}
