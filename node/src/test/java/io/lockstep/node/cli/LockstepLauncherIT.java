package io.lockstep.node.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code ./lockstep} script, end to end, on a copy of the repository whose path has spaces:
 * it builds on first use with its progress on stderr, prints only JSON on stdout, runs from any
 * directory with or without JAVA_HOME, exits 0 or 2, and rebuilds when a source changes.
 */
class LockstepLauncherIT {

    private static final Path ROOT =
            Path.of(System.getProperty("basedir", ".")).toAbsolutePath().getParent();
    private static final Set<String> NOT_COPIED = Set.of("target", ".git", ".idea", ".lockstep", "node_modules");
    private static final String BUILDING = "lockstep: building";

    @TempDir
    Path temp;

    private record Run(int exitCode, String stdout, String stderr) {}

    @Test
    void buildsOnFirstUseAndRunsFromAnywhere() throws Exception {
        assumeTrue(Files.isRegularFile(ROOT.resolve("lockstep")), "no ./lockstep at " + ROOT);
        assumeTrue(onPath("mvn"), "mvn is not on the PATH; the launcher needs it to build on first use");
        assumeTrue(onPath("bash"), "bash is not on the PATH");
        Path repo = temp.resolve("a checkout with spaces");
        copyTree(ROOT, repo);
        Path work = Files.createDirectories(temp.resolve("another dir"));
        Files.copy(repo.resolve("node/examples/fib.wasm"), work.resolve("fib.wasm"));
        String javaHome = System.getProperty("java.home");

        Run first = launch(repo, work, javaHome, "wasm", "run", "fib.wasm", "--invoke", "fib", "--arg", "i64:90");
        assertEquals(0, first.exitCode(), first::toString);
        assertTrue(first.stderr().contains(BUILDING), "first use builds: " + first);
        JsonNode json = singleJsonLine(first.stdout());
        assertEquals("success", json.get("status").asText(), first::toString);
        assertEquals("[\"i64:0x27f80ddaa1ba7878\"]", json.get("results").toString());

        Run version = launch(repo, work, null, "--version");
        assertEquals(0, version.exitCode(), version::toString);
        assertFalse(version.stderr().contains(BUILDING), "built already: " + version);
        assertTrue(version.stdout().startsWith("lockstep "), version::toString);

        Run usage = launch(repo, work, javaHome, "wasm", "run", "absent.wasm", "--invoke", "fib");
        assertEquals(2, usage.exitCode(), usage::toString);
        assertEquals("", usage.stdout());
        assertTrue(usage.stderr().contains("No such file"), usage::toString);

        // After a rebuild the command's own stderr must still come through, as it does without one.
        Path source = repo.resolve("node/src/main/java/io/lockstep/node/cli/LockstepCli.java");
        Files.setLastModifiedTime(source, FileTime.from(Instant.now()));
        Run rebuilt = launch(repo, work, javaHome, "wasm", "inspect", "absent.wasm");
        assertTrue(rebuilt.stderr().contains(BUILDING), "a changed source rebuilds: " + rebuilt);
        assertEquals(2, rebuilt.exitCode(), rebuilt::toString);
        assertEquals("", rebuilt.stdout());
        assertTrue(rebuilt.stderr().contains("No such file"), rebuilt::toString);

        Run inspect = launch(repo, work, javaHome, "wasm", "inspect", "fib.wasm");
        assertEquals(0, inspect.exitCode(), inspect::toString);
        assertFalse(inspect.stderr().contains(BUILDING), "built already: " + inspect);
        assertEquals("valid", singleJsonLine(inspect.stdout()).get("status").asText());
    }

    /** Runs the launcher in {@code cwd}; {@code javaHome} null means unset, with java found on the PATH. */
    private Run launch(Path repo, Path cwd, String javaHome, String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(repo.resolve("lockstep").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile(temp, "stdout", ".txt");
        Path err = Files.createTempFile(temp, "stderr", ".txt");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        Map<String, String> env = builder.environment();
        // The outer Maven's own variables must not steer the launcher's build of the copy.
        env.keySet().removeIf(name -> name.startsWith("MAVEN_") && !name.equals("MAVEN_OPTS"));
        if (javaHome != null) {
            env.put("JAVA_HOME", javaHome);
        } else {
            env.remove("JAVA_HOME");
            String java = Path.of(System.getProperty("java.home"), "bin").toString();
            env.put("PATH", java + File.pathSeparator + env.getOrDefault("PATH", ""));
        }
        Process process = builder.start();
        if (!process.waitFor(10, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            fail("./lockstep " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        return new Run(
                process.exitValue(),
                Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static JsonNode singleJsonLine(String stdout) throws IOException {
        assertEquals(1, stdout.lines().count(), () -> "stdout must be exactly one JSON line: " + stdout);
        return new ObjectMapper().readTree(stdout);
    }

    private static boolean onPath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    /** Copies the sources, not build output or version-control data; attributes (modes, times) are kept. */
    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attributes) throws IOException {
                if (!dir.equals(from) && NOT_COPIED.contains(dir.getFileName().toString())) {
                    return FileVisitResult.SKIP_SUBTREE;
                }
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes) throws IOException {
                if (attributes.isRegularFile()
                        && !NOT_COPIED.contains(file.getFileName().toString())) {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                }
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
