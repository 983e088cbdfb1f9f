package io.lockstep.vm.spec;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.vm.Engine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The WebAssembly spec suite (shared test data {@code wasm-spec/json}) through the instrumented
 * pipeline on both engines, one dynamic test per script. A script fails on any failed command,
 * including any disagreement between the engines and any unlisted or vanished deviation. The full
 * report goes to {@code target/spec-report.txt}.
 */
class SpecSuiteTest {

    private static final SuiteReport REPORT = new SuiteReport();
    private static SpecSuite suite;

    @TestFactory
    Stream<DynamicTest> scripts() {
        String testdata = System.getProperty("lockstep.testdata");
        Path root = testdata == null ? null : Path.of(testdata, SpecSuite.JSON_FOLDER);
        if (root == null || !Files.isDirectory(root)) {
            String message = "WebAssembly spec suite not found at " + root
                    + " (system property lockstep.testdata); skipping the spec suite";
            return Stream.of(DynamicTest.dynamicTest("spec suite", () -> assumeTrue(false, message)));
        }
        suite = new SpecSuite(List.of(Engine.COMPILED, Engine.INTERPRETER), ExpectedDeviations.load());
        return SpecSuite.scriptFolders(root).stream()
                .map(folder -> DynamicTest.dynamicTest(folder.getFileName().toString(), () -> runScript(folder)));
    }

    private static void runScript(Path folder) {
        ScriptResult result = suite.run(folder);
        REPORT.add(result);
        assumeTrue(result.skipped() == null, () -> "script skipped: " + result.skipped());
        List<String> failures = new ArrayList<>();
        for (CommandResult c : result.commands()) {
            if (c.verdict().is(Verdict.Kind.FAILED)) {
                failures.add("line " + c.command().line() + ": " + c.command() + "\n    "
                        + c.verdict().reason());
            }
        }
        if (!failures.isEmpty()) {
            fail(failures.size() + " failed command(s) in " + result.name() + ":\n" + String.join("\n", failures));
        }
    }

    @AfterAll
    static void writeReport() {
        if (suite == null) {
            return;
        }
        suite.close();
        Path file = Path.of("target", "spec-report.txt");
        REPORT.write(file);
        System.out.print(REPORT.summary());
        System.out.println("spec report: " + file.toAbsolutePath());
        System.out.println(REPORT.digestLine());
    }
}
