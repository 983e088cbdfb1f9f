package io.lockstep.vm.determinism;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Cross-JVM determinism: {@link DeterminismProbe} runs the generated modules in a child process on every
 * other JDK found and on an emulated ARM64 JVM, and its digest over (seed, outcome) must equal this JVM's.
 * When the spec-suite main ({@value #SPEC_SUITE_MAIN}) is on the classpath, its digest is compared too.
 *
 * <p>Other JDKs: {@code -Dlockstep.jdks=HOME1:HOME2} (empty for none), default the JDKs of version 17 or
 * later installed next to the running one; {@code lockstep.crossJvm.seeds} seeds (default 10,000, as many as the in-JVM differential test). The
 * emulated ARM64 JVM runs 7-12 times slower, so it gets {@code lockstep.arm64.seeds} seeds (default 500)
 * with {@code -XX:TieredStopAtLevel=1}: under emulation C2's compile time costs more than the code it speeds
 * up, and the tier does not change a result (every result is decided by the injected code); it is skipped
 * with {@code -Dlockstep.arm64=false}. Each test skips, saying why, when its JVM is not there.
 */
class CrossJvmDeterminismTest {

    static final String SPEC_SUITE_MAIN = "io.lockstep.vm.spec.SpecSuiteMain";

    private static final List<String> NATIVE_ARGS = List.of("-Xss4m", "-Xmx2g");
    private static final List<String> ARM64_ARGS = List.of("-XX:TieredStopAtLevel=1", "-Xss4m", "-Xmx2g");

    /** This JVM's outcome lines for seeds 0.., computed once and extended on demand. */
    private static final List<String> reference = new ArrayList<>();

    @Test
    void otherJdksReachTheSameOutcomes() {
        List<Path> jdks = JvmDiscovery.otherJdks();
        assumeTrue(
                !jdks.isEmpty(),
                "no other JDK 17+ next to " + System.getProperty("java.home") + "; name some with -Dlockstep.jdks=HOME1"
                        + java.io.File.pathSeparator + "HOME2");
        int seeds = Integer.getInteger("lockstep.crossJvm.seeds", 10_000);
        List<String> mismatches = new ArrayList<>();
        for (Path jdk : jdks) {
            String name =
                    "JDK " + JvmDiscovery.majorVersion(jdk).map(String::valueOf).orElse("?") + " at " + jdk;
            compareProbe(jdk, name, NATIVE_ARGS, seeds, Duration.ofMinutes(15), mismatches);
            compareSpecSuite(jdk, name, NATIVE_ARGS, Duration.ofMinutes(30), mismatches);
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    @Test
    void emulatedArm64ReachesTheSameOutcomes() {
        StringBuilder why = new StringBuilder();
        Optional<Path> arm64 = JvmDiscovery.emulatedArm64(why);
        assumeTrue(arm64.isPresent(), "no emulated ARM64 JVM: " + why);
        int seeds = Integer.getInteger("lockstep.arm64.seeds", 500);
        List<String> mismatches = new ArrayList<>();
        String name = "emulated ARM64 JVM at " + arm64.get();
        compareProbe(arm64.get(), name, ARM64_ARGS, seeds, Duration.ofMinutes(40), mismatches);
        if (!"false".equals(System.getProperty("lockstep.arm64.spec"))) {
            compareSpecSuite(arm64.get(), name, ARM64_ARGS, Duration.ofMinutes(60), mismatches);
        }
        assertTrue(mismatches.isEmpty(), String.join("\n", mismatches));
    }

    private static void compareProbe(
            Path javaHome, String name, List<String> jvmArgs, int seeds, Duration timeout, List<String> mismatches) {
        List<String> expected = referenceLines(seeds);
        ChildJvm.Run run = ChildJvm.run(
                javaHome,
                jvmArgs,
                DeterminismProbe.class.getName(),
                List.of("0", String.valueOf(seeds), String.valueOf(SeedRuns.defaultThreads())),
                timeout);
        System.out.printf(
                "CrossJvm: %s ran %d seeds in %.1f s (exit %d)%n", name, seeds, run.seconds(), run.exitCode());
        List<String> lines = new ArrayList<>();
        String digest = null;
        for (String line : run.stdout()) {
            if (line.startsWith("seed=")) {
                lines.add(line);
            } else if (line.startsWith("DIGEST ")) {
                digest = line.substring("DIGEST ".length()).trim();
            }
        }
        String expectedDigest = OutcomeDigest.of(expected);
        if (run.exitCode() != 0 || digest == null) {
            mismatches.add(name + ": the probe failed (exit " + run.exitCode() + "): " + tail(run.stderr()));
            return;
        }
        System.out.printf("CrossJvm: %s DIGEST %s, this JVM %s%n", name, digest, expectedDigest);
        if (!digest.equals(expectedDigest)) {
            mismatches.add(name + ": digest " + digest + " differs from this JVM's " + expectedDigest + "; "
                    + firstDifference(expected, lines));
        }
    }

    /** Runs the spec-suite main here and there (each in a child JVM) and compares their last lines. */
    private static void compareSpecSuite(
            Path javaHome, String name, List<String> jvmArgs, Duration timeout, List<String> mismatches) {
        if (!onClasspath(SPEC_SUITE_MAIN)) {
            System.out.println("CrossJvm: " + SPEC_SUITE_MAIN + " is not on the classpath; spec digest not compared");
            return;
        }
        String testdata = System.getProperty("lockstep.testdata");
        if (testdata == null || !Files.isDirectory(Path.of(testdata))) {
            System.out.println("CrossJvm: no test data at " + testdata + "; spec digest not compared");
            return;
        }
        String here = specDigest(Path.of(System.getProperty("java.home")), NATIVE_ARGS, testdata, timeout);
        String there = specDigest(javaHome, jvmArgs, testdata, timeout);
        System.out.printf("CrossJvm: spec suite here  %s%nCrossJvm: spec suite %s: %s%n", here, name, there);
        if (!here.equals(there)) {
            mismatches.add(name + ": spec-suite line '" + there + "' differs from this JVM's '" + here + "'");
        }
    }

    private static String specDigest(Path javaHome, List<String> jvmArgs, String testdata, Duration timeout) {
        List<String> args = new ArrayList<>(jvmArgs);
        args.add("-Dlockstep.testdata=" + testdata);
        Path report =
                Path.of("target", "spec-report-" + Math.abs(javaHome.toString().hashCode()) + ".txt");
        ChildJvm.Run run =
                ChildJvm.run(javaHome, args, SPEC_SUITE_MAIN, List.of("--report", report.toString()), timeout);
        for (int i = run.stdout().size() - 1; i >= 0; i--) {
            if (run.stdout().get(i).startsWith("DIGEST ")) {
                return run.stdout().get(i).trim();
            }
        }
        return "no DIGEST line (exit " + run.exitCode() + "): " + tail(run.stderr());
    }

    private static synchronized List<String> referenceLines(int seeds) {
        if (reference.size() < seeds) {
            long started = System.nanoTime();
            reference.clear();
            for (SeedResult r : SeedRuns.fromZero(seeds, SeedRuns.defaultThreads())) {
                reference.add(r.line());
            }
            System.out.printf(
                    "CrossJvm: this JVM (%s %s, %s) ran seeds up to %d in %.1f s%n",
                    System.getProperty("java.vm.name"),
                    System.getProperty("java.version"),
                    System.getProperty("os.arch"),
                    seeds,
                    (System.nanoTime() - started) / 1e9);
        }
        return List.copyOf(reference.subList(0, seeds));
    }

    static String firstDifference(List<String> expected, List<String> actual) {
        for (int i = 0; i < Math.max(expected.size(), actual.size()); i++) {
            String e = i < expected.size() ? expected.get(i) : "(nothing)";
            String a = i < actual.size() ? actual.get(i) : "(nothing)";
            if (!e.equals(a)) {
                String seed = e.startsWith("seed=") ? e.substring(5, e.indexOf(' ')) : String.valueOf(i);
                return "first difference at seed " + seed + ":\n  this JVM: " + e + "\n  other:    " + a
                        + "\n  replay: -Dtest=DifferentialTest -Dlockstep.seed=" + seed
                        + " (on each JVM; the module is written to target/differential-modules)";
            }
        }
        return "no line differs (the digests cover the same lines; check the probe's output format)";
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, CrossJvmDeterminismTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static String tail(String text) {
        String trimmed = text.strip();
        return trimmed.length() <= 2_000 ? trimmed : "..." + trimmed.substring(trimmed.length() - 2_000);
    }
}
