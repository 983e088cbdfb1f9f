package io.lockstep.node.rpc.conformance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Where the execution-apis material is: {@code ../shared/testdata/execution-apis} relative to the repository
 * root. Surefire passes that folder's parent as the {@code lockstep.testdata} system property; a test started
 * another way (from an IDE, in the module's directory) finds it by walking up from the working directory.
 */
final class ExecutionApisData {

    static final String PROPERTY = "lockstep.testdata";

    private ExecutionApisData() {}

    /** The execution-apis folder, if this machine has it. */
    static Optional<Path> locate() {
        return locate(System.getProperty(PROPERTY), Path.of("").toAbsolutePath());
    }

    /** The execution-apis folder under a test data folder, or beside an ancestor of the working directory. */
    static Optional<Path> locate(String testdata, Path workingDirectory) {
        if (testdata != null && isExecutionApis(Path.of(testdata, "execution-apis"))) {
            return Optional.of(
                    Path.of(testdata, "execution-apis").toAbsolutePath().normalize());
        }
        for (Path dir = workingDirectory; dir != null && dir.getParent() != null; dir = dir.getParent()) {
            Path candidate = dir.getParent().resolve("shared/testdata/execution-apis");
            if (isExecutionApis(candidate)) {
                return Optional.of(candidate.normalize());
            }
        }
        return Optional.empty();
    }

    /** The execution-apis folder, or a skipped test saying it is absent. */
    static Path require() {
        Optional<Path> found = locate();
        Assumptions.assumeTrue(
                found.isPresent(),
                "execution-apis test data not found (neither under the " + PROPERTY + " system property, "
                        + System.getProperty(PROPERTY) + ", nor at ../shared/testdata/execution-apis above the "
                        + "working directory); JSON-RPC conformance checks skipped");
        return found.orElseThrow();
    }

    private static boolean isExecutionApis(Path dir) {
        return Files.isDirectory(dir.resolve("src")) && Files.isDirectory(dir.resolve("tests"));
    }
}
