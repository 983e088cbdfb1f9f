package io.lockstep.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The programs the benchmarks run besides the JVM: {@code wat2wasm} (wabt) to build modules from WAT text
 * and {@code node} to run them on V8. Both are looked up on the PATH unless the system properties
 * {@code lockstep.wat2wasm} and {@code lockstep.node} name them.
 */
final class ExternalTools {

    private final String wat2wasm;
    private final String node;
    private final Path workDir;

    ExternalTools(Path workDir) throws IOException {
        this.wat2wasm = System.getProperty("lockstep.wat2wasm", "wat2wasm");
        this.node = System.getProperty("lockstep.node", "node");
        this.workDir = Files.createDirectories(workDir);
    }

    Path workDir() {
        return workDir;
    }

    /** Builds the module of a WAT program shipped in this jar under {@code wat/}; returns the .wasm file. */
    Path assembleResource(String name) throws IOException, InterruptedException {
        String text;
        try (InputStream in = ExternalTools.class.getResourceAsStream("/wat/" + name + ".wat")) {
            if (in == null) {
                throw new IOException("no WAT program " + name + " in the benchmark jar");
            }
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        return assemble(name, text);
    }

    /** Builds a module from WAT text (generated probes); returns the .wasm file in the work directory. */
    Path assemble(String name, String watText) throws IOException, InterruptedException {
        Path wat = workDir.resolve(name + ".wat");
        Path wasm = workDir.resolve(name + ".wasm");
        Files.writeString(wat, watText, StandardCharsets.UTF_8);
        run(List.of(wat2wasm, wat.toString(), "-o", wasm.toString()), 60);
        return wasm;
    }

    /** Runs {@code node} with a script and arguments; returns its standard output lines. */
    List<String> node(Path script, List<String> args, long timeoutSeconds) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(node);
        command.add(script.toString());
        command.addAll(args);
        return run(command, timeoutSeconds);
    }

    private List<String> run(List<String> command, long timeoutSeconds) throws IOException, InterruptedException {
        Path log = workDir.resolve("tool-output.txt");
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new IOException(
                    "cannot start " + command.get(0) + " (set -Dlockstep."
                            + (command.get(0).contains("node") ? "node" : "wat2wasm") + "=PATH): " + e.getMessage(),
                    e);
        }
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(String.join(" ", command) + " did not finish in " + timeoutSeconds + " s");
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        if (process.exitValue() != 0) {
            throw new IOException(
                    String.join(" ", command) + " failed with exit code " + process.exitValue() + ":\n" + output);
        }
        return output.lines().toList();
    }
}
