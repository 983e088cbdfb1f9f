package io.lockstep.vm.determinism;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/** Runs a main class of the test classpath in another JVM and collects what it prints. */
final class ChildJvm {

    /** What the child printed and how it ended. */
    record Run(int exitCode, List<String> stdout, String stderr, double seconds) {}

    private ChildJvm() {}

    static Run run(Path javaHome, List<String> jvmArgs, String mainClass, List<String> args, Duration timeout) {
        List<String> command = new ArrayList<>();
        command.add(javaHome.resolve("bin").resolve("java").toString());
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classpath());
        command.add(mainClass);
        command.addAll(args);
        long started = System.nanoTime();
        try {
            Path out = Files.createTempFile("lockstep-child", ".out");
            Path err = Files.createTempFile("lockstep-child", ".err");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectOutput(out.toFile())
                        .redirectError(err.toFile())
                        .start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("child JVM " + javaHome + " did not finish within " + timeout + ": "
                            + String.join(" ", command.subList(0, Math.min(3, command.size()))) + " ...");
                }
                return new Run(
                        process.exitValue(),
                        Files.readAllLines(out, StandardCharsets.UTF_8),
                        Files.readString(err, StandardCharsets.UTF_8),
                        (System.nanoTime() - started) / 1e9);
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run a child JVM from " + javaHome, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a child JVM", e);
        }
    }

    /**
     * This JVM's classpath for a child. Surefire may start tests from a manifest-only jar whose
     * {@code Class-Path} names the real entries; those are expanded, since the child needs them all.
     */
    static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        String raw = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        List<String> entries = new ArrayList<>();
        for (String entry : raw.split(File.pathSeparator)) {
            if (entry.isBlank()) {
                continue;
            }
            List<String> fromManifest = manifestClassPath(Path.of(entry));
            if (fromManifest.isEmpty()) {
                entries.add(entry);
            } else {
                entries.addAll(fromManifest);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** The {@code Class-Path} of a jar's manifest as file paths; empty for a directory or a jar without one. */
    private static List<String> manifestClassPath(Path entry) {
        if (!entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return List.of();
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String classPath =
                    manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (classPath == null || classPath.isBlank()) {
                return List.of();
            }
            URI base = entry.toAbsolutePath().getParent().toUri();
            List<String> paths = new ArrayList<>();
            for (String item : classPath.trim().split("\\s+")) {
                paths.add(Path.of(base.resolve(item)).toString());
            }
            return paths;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the manifest of " + entry, e);
        }
    }
}
