package io.lockstep.vm.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Compiles WebAssembly text to binary with {@code wat2wasm} (Debian package {@code wabt}, which the
 * README's test command installs). Every proposal is enabled so that tests can build modules the VM must
 * refuse.
 */
public final class Wat {

    private Wat() {}

    public static byte[] compile(String wat) {
        try {
            Path dir = Files.createTempDirectory("lockstep-wat");
            try {
                Path source = dir.resolve("module.wat");
                Path output = dir.resolve("module.wasm");
                Files.writeString(source, wat, StandardCharsets.UTF_8);
                Process process = new ProcessBuilder(List.of(
                                executable(), "--enable-all", "--no-check", source.toString(), "-o", output.toString()))
                        .redirectErrorStream(true)
                        .start();
                String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                    throw new IllegalArgumentException("wat2wasm failed:\n" + log + "\n" + wat);
                }
                return Files.readAllBytes(output);
            } finally {
                try (var files = Files.list(dir)) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        Files.deleteIfExists(f);
                    }
                }
                Files.deleteIfExists(dir);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run wat2wasm; install Debian's wabt package", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String executable() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, "wat2wasm");
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new IllegalStateException(
                "wat2wasm not found on PATH: install Debian's wabt package (the README's test command does)");
    }
}
