package io.lockstep.nn.internal.kernel.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The C kernel alone, compiled with {@code src/test/c/guard_pages.c}, over buffers that end at
 * inaccessible pages: a read or write one byte past what {@link NativeInt8Gemm}'s checks allow would
 * kill the process. Skips without gcc, JNI headers, Linux x86-64 or AVX512-VNNI. Seed: {@code
 * -Dlockstep.seed}.
 */
class NativeInt8GemmGuardPageTest {
    private static final long SEED = Long.getLong("lockstep.seed", 20261125L) & 0xffffffffL;

    @Test
    void kernelStaysInsideCheckedBuffers() throws IOException, InterruptedException {
        Path module = Path.of("").toAbsolutePath();
        Path source = module.resolve("src/test/c/guard_pages.c");
        Path include = Path.of(System.getProperty("java.home"), "include");
        assumeTrue(
                Files.isRegularFile(source)
                        && Files.isRegularFile(include.resolve("jni.h"))
                        && System.getProperty("os.name").equals("Linux")
                        && System.getProperty("os.arch").equals("amd64")
                        && onPath("gcc"),
                "needs gcc, JNI headers and Linux x86-64");
        Path binary = Files.createTempFile("lockstep-guard-pages", "");
        try {
            run(List.of(
                    "gcc",
                    // Unoptimized compiles in half the time; the kernel's functions are inlined anyway.
                    "-O0",
                    "-std=c11",
                    "-I" + module.resolve("src/main/c"),
                    "-I" + include,
                    "-I" + include.resolve("linux"),
                    "-o",
                    binary.toString(),
                    source.toString()));
            System.out.println("NativeInt8GemmGuardPageTest seed=" + SEED);
            Result result = run(List.of(binary.toString(), Long.toString(SEED)));
            assumeTrue(result.status() != 77, result.output());
            assertEquals(0, result.status(), "seed=" + SEED + ": " + result.output());
            assertTrue(result.output().contains("no fault"), result.output());
        } finally {
            Files.deleteIfExists(binary);
        }
    }

    private record Result(int status, String output) {}

    private static Result run(List<String> command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(2, TimeUnit.MINUTES)) {
            process.destroyForcibly();
            throw new AssertionError("did not finish: " + command);
        }
        if (command.get(0).equals("gcc")) {
            assertEquals(0, process.exitValue(), "gcc failed: " + output);
        }
        return new Result(process.exitValue(), output.strip());
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
