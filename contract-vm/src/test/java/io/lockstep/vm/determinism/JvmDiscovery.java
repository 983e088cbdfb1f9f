package io.lockstep.vm.determinism;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Finds the JVMs, other than the running one, that a cross-JVM comparison can use. */
final class JvmDiscovery {

    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)");

    private JvmDiscovery() {}

    /**
     * Java homes from {@code lockstep.jdks} (path-separated; empty for none), else the JDKs of version 17
     * or later installed next to the running one. The running JDK, however it is reached, is left out.
     */
    static List<Path> otherJdks() {
        Path current = realPath(Path.of(System.getProperty("java.home")));
        String configured = System.getProperty("lockstep.jdks");
        List<Path> candidates = new ArrayList<>();
        if (configured != null) {
            for (String home : configured.split(File.pathSeparator)) {
                if (!home.isBlank()) {
                    candidates.add(Path.of(home.trim()));
                }
            }
        } else if (current.getParent() != null) {
            try (Stream<Path> siblings = Files.list(current.getParent())) {
                siblings.sorted().forEach(candidates::add);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot list JDKs next to " + current, e);
            }
        }
        List<Path> found = new ArrayList<>();
        List<Path> seen = new ArrayList<>(List.of(current));
        for (Path home : candidates) {
            if (!Files.isExecutable(home.resolve("bin").resolve("java"))) {
                if (configured != null) {
                    throw new IllegalArgumentException("lockstep.jdks names " + home + ", which has no bin/java");
                }
                continue;
            }
            Path real = realPath(home);
            if (seen.contains(real) || majorVersion(home).orElse(0) < 17) {
                continue;
            }
            seen.add(real);
            found.add(home);
        }
        return found;
    }

    /** The major version from the home's {@code release} file. */
    static Optional<Integer> majorVersion(Path home) {
        Path release = home.resolve("release");
        if (!Files.isRegularFile(release)) {
            return Optional.empty();
        }
        try {
            for (String line : Files.readAllLines(release, StandardCharsets.UTF_8)) {
                Matcher m = JAVA_VERSION.matcher(line);
                if (m.find()) {
                    return Optional.of(Integer.parseInt(m.group(1)));
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * The java home of an emulated ARM64 JVM, made by the shared {@code arm64-jvm.sh} script (found in
     * {@code lockstep.tools}, else next to {@code lockstep.testdata}); empty when there is no script, when
     * {@code lockstep.arm64=false}, or when the script fails (it needs apt and qemu the first time).
     */
    static Optional<Path> emulatedArm64(StringBuilder why) {
        if ("false".equals(System.getProperty("lockstep.arm64"))) {
            why.append("disabled by -Dlockstep.arm64=false");
            return Optional.empty();
        }
        Optional<Path> script = arm64Script();
        if (script.isEmpty()) {
            why.append("no arm64-jvm.sh (set lockstep.tools to the shared tools directory)");
            return Optional.empty();
        }
        List<String> command = new ArrayList<>(List.of("bash", script.get().toString()));
        String cache = System.getProperty("lockstep.arm64.dir");
        if (cache != null) {
            command.add(cache);
        }
        try {
            Path log = Files.createTempFile("lockstep-arm64", ".log");
            try {
                Process process = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(log.toFile())
                        .start();
                Duration limit = Duration.ofMinutes(10);
                if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                    process.destroyForcibly();
                    why.append(script.get()).append(" did not finish within ").append(limit);
                    return Optional.empty();
                }
                List<String> output = Files.readAllLines(log, StandardCharsets.UTF_8);
                String last =
                        output.isEmpty() ? "" : output.get(output.size() - 1).trim();
                if (process.exitValue() != 0 || last.isEmpty() || !Files.isExecutable(Path.of(last, "bin", "java"))) {
                    why.append(script.get())
                            .append(" failed (exit ")
                            .append(process.exitValue())
                            .append("): ");
                    why.append(String.join(" / ", output.subList(Math.max(0, output.size() - 3), output.size())));
                    return Optional.empty();
                }
                return Optional.of(Path.of(last));
            } finally {
                Files.deleteIfExists(log);
            }
        } catch (IOException e) {
            why.append("cannot run ").append(script.get()).append(": ").append(e.getMessage());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why.append("interrupted");
            return Optional.empty();
        }
    }

    private static Optional<Path> arm64Script() {
        List<Path> places = new ArrayList<>();
        String tools = System.getProperty("lockstep.tools");
        if (tools != null) {
            places.add(Path.of(tools));
        }
        String testdata = System.getProperty("lockstep.testdata");
        if (testdata != null) {
            places.add(Path.of(testdata).resolveSibling("tools"));
        }
        return places.stream()
                .map(dir -> dir.resolve("arm64-jvm.sh"))
                .filter(Files::isRegularFile)
                .findFirst();
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path.toAbsolutePath().normalize();
        }
    }
}
