package io.lockstep.node.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** Builds test modules from WebAssembly text with wabt's {@code wat2wasm}, found on the PATH. */
public final class Wat {

    private Wat() {}

    /** Compiles {@code text} into {@code dir/name.wasm} and returns that path. */
    public static Path module(Path dir, String name, String text) throws IOException, InterruptedException {
        Path source = dir.resolve(name + ".wat");
        Path binary = dir.resolve(name + ".wasm");
        Files.writeString(source, text, StandardCharsets.UTF_8);
        compile(source, binary);
        return binary;
    }

    /** Compiles {@code text} and returns the module's bytes; the files live in a temporary directory. */
    public static byte[] bytes(String text) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("lockstep-wat");
        try {
            return Files.readAllBytes(module(dir, "module", text));
        } finally {
            try (var files = Files.list(dir)) {
                for (Path file : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(file);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    public static void compile(Path source, Path binary) throws IOException, InterruptedException {
        // Output goes to a file, so that a chatty wat2wasm cannot fill a pipe and block.
        Path log = binary.resolveSibling(binary.getFileName() + ".log");
        Process process = new ProcessBuilder(wat2wasm().toString(), source.toString(), "-o", binary.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        boolean finished = process.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            process.destroyForcibly();
            fail("wat2wasm did not finish within 60 s on " + source);
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), () -> "wat2wasm failed on " + source + ":\n" + output);
        assertTrue(Files.isRegularFile(binary), "wat2wasm wrote no " + binary);
    }

    private static Path wat2wasm() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "wat2wasm");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return fail("wat2wasm was not found on the PATH. These tests build their modules with it: install wabt"
                + " (apt-get install wabt), or run ./scripts/test.sh, which installs it.");
    }
}
