package io.lockstep.node.contract;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Runs a build step: its stdout and stderr, merged, are copied line by line to a log (the command's
 * stderr, so that stdout keeps only the JSON), and the last lines are kept to quote when it fails.
 */
final class ChildProcess {

    static final int TAIL_LINES = 25;

    /** How a step ended: its exit status and the last lines it printed. */
    record Result(int exitCode, List<String> tail) {
        String tailText() {
            return String.join(System.lineSeparator(), tail);
        }
    }

    private ChildProcess() {}

    /**
     * Runs {@code command} in {@code dir} to the end.
     *
     * @throws IOException when the program cannot be started (not installed, not executable)
     */
    static Result run(List<String> command, Path dir, PrintWriter log) throws IOException {
        Process process = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        Deque<String> tail = new ArrayDeque<>();
        try (BufferedReader reader =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                log.println(line);
                log.flush();
                if (tail.size() == TAIL_LINES) {
                    tail.removeFirst();
                }
                tail.addLast(line);
            }
        }
        try {
            return new Result(process.waitFor(), List.copyOf(tail));
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for " + command.get(0), e);
        }
    }
}
