package io.lockstep.nn.determinism;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The golden hashes of {@link DeterminismTest} from child JVMs: the interpreter only ({@code -Xint}),
 * C1 only, without auto-vectorization, with 128-bit and with SSE-only vectors, the Vector API kernel with
 * 256-bit vectors (AVX2), with the native int8 kernel switched off, and on every other JDK found next to this one (or listed in {@code
 * -Dlockstep.jdks=path1,path2}), there also with the Vector API kernel.
 */
class CrossJvmDeterminismTest {
    private static final List<String> FLAG_SETS = List.of(
            "-Xint",
            "-XX:TieredStopAtLevel=1",
            "-XX:-UseSuperWord",
            "-XX:+IgnoreUnrecognizedVMOptions -XX:MaxVectorSize=16",
            "-XX:+IgnoreUnrecognizedVMOptions -XX:UseAVX=0",
            "--add-modules jdk.incubator.vector -XX:+IgnoreUnrecognizedVMOptions -XX:UseAVX=2",
            // The Java int8 kernel where this JVM runs the native one (ADR 0011).
            "--add-modules jdk.incubator.vector -Dlockstep.nn.native=false");

    @TestFactory
    Stream<DynamicTest> sameHashesInChildJvms() {
        Path thisJava = Path.of(System.getProperty("java.home"), "bin", "java");
        List<DynamicTest> tests = new ArrayList<>();
        for (String flags : FLAG_SETS) {
            tests.add(DynamicTest.dynamicTest(flags, () -> check(thisJava, flags)));
        }
        for (Path java : otherJdks()) {
            tests.add(DynamicTest.dynamicTest(java.toString(), () -> check(java, "")));
            tests.add(DynamicTest.dynamicTest(java + " -Xint", () -> check(java, "-Xint")));
            // The Vector API kernel of the float product (this JVM runs it in DeterminismTest).
            String vector = "--add-modules jdk.incubator.vector";
            tests.add(DynamicTest.dynamicTest(java + " " + vector, () -> check(java, vector)));
        }
        return tests.stream();
    }

    private static void check(Path java, String flags) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        for (String flag : flags.split(" ")) {
            if (!flag.isBlank()) {
                command.add(flag);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(GoldenModels.class.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(5, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish: " + command);
        }
        assertEquals(0, process.exitValue(), output);
        Map<String, String> hashes = new TreeMap<>();
        for (String line : output.strip().split("\n")) {
            String[] parts = line.strip().split(" ");
            if (parts.length == 2) {
                hashes.put(parts[0], parts[1].replace("_", " "));
            }
        }
        assertEquals(new TreeMap<>(DeterminismTest.GOLDEN), hashes, String.join(" ", command));
    }

    /** Other JDKs (17 or newer) installed beside this one, or those named by -Dlockstep.jdks. */
    private static List<Path> otherJdks() {
        List<Path> found = new ArrayList<>();
        String listed = System.getProperty("lockstep.jdks", "");
        if (!listed.isBlank()) {
            for (String home : listed.split(",")) {
                found.add(Path.of(home.strip(), "bin", "java"));
            }
            return found;
        }
        Path home = Path.of(System.getProperty("java.home")).toAbsolutePath();
        Path parent = home.getParent();
        if (parent == null) {
            return found;
        }
        try (Stream<Path> siblings = Files.list(parent)) {
            for (Path dir : siblings.sorted().toList()) {
                Path java = dir.resolve("bin").resolve("java");
                if (Files.isSymbolicLink(dir) || !Files.isExecutable(java) || sameJdk(dir, home)) {
                    continue;
                }
                Integer feature = featureVersion(dir);
                if (feature != null
                        && feature >= 17
                        && feature != Runtime.version().feature()) {
                    found.add(java);
                }
            }
        } catch (IOException e) {
            return found;
        }
        return found;
    }

    private static boolean sameJdk(Path dir, Path home) throws IOException {
        return dir.toRealPath().equals(home.toRealPath()) || home.toRealPath().startsWith(dir.toRealPath());
    }

    private static Integer featureVersion(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("release"))) {
                if (line.startsWith("JAVA_VERSION=")) {
                    String v = line.substring(13).replace("\"", "");
                    return Integer.parseInt(v.split("[.+-]")[0]);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }
}
