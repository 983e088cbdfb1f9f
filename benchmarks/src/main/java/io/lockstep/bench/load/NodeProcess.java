package io.lockstep.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A dev node in a child process, started through the repository's {@code ./lockstep dev} as a user starts
 * one: a fresh data directory, JSON-RPC and metrics on free ports. The launcher {@code exec}s the JVM, so
 * the child's pid is the node's. Its stdout is scanned for the JSON-RPC address; its log (stderr) goes to
 * a file.
 */
final class NodeProcess implements AutoCloseable {

    /** The JVM options {@code ./lockstep} gives {@code dev} when LOCKSTEP_JAVA_OPTS is not set. */
    static final String LAUNCHER_DEV_OPTS =
            "--add-modules jdk.incubator.vector -XX:+UseG1GC -XX:-DontCompileHugeMethods";

    private static final Pattern RPC_LINE = Pattern.compile("JSON-RPC\\s+(http://\\S+)");
    private static final long START_TIMEOUT_SECONDS = 600; // the launcher may build the node first

    private final Process process;
    private final URI rpc;
    private final Thread stopOnExit;

    private NodeProcess(Process process, URI rpc) {
        this.process = process;
        this.rpc = rpc;
        // A harness stopped by a signal must not leave its node running.
        this.stopOnExit = new Thread(process::destroy, "node-stop-on-exit");
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    /**
     * Starts {@code repo/lockstep dev} and waits until it prints its JSON-RPC address.
     *
     * @param extraJvmOptions appended to the launcher's defaults (a profiler, a heap size); may be empty
     */
    static NodeProcess start(
            Path repo, Path dataDir, int accounts, long blockTimeMillis, String extraJvmOptions, Path log)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                repo.resolve("lockstep").toString(),
                "dev",
                "--data-dir",
                dataDir.toString(),
                "--fresh",
                "--rpc-port",
                "0",
                "--metrics-port",
                "0",
                "--accounts",
                Integer.toString(accounts),
                "--block-time",
                Long.toString(blockTimeMillis)));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Map<String, String> env = builder.environment();
        env.put("LOCKSTEP_JAVA_OPTS", (LAUNCHER_DEV_OPTS + " " + extraJvmOptions).trim());
        Process process = builder.start();
        CompletableFuture<URI> address = new CompletableFuture<>();
        Thread reader = new Thread(() -> scan(process, address), "node-stdout");
        reader.setDaemon(true);
        reader.start();
        try {
            return new NodeProcess(process, address.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS));
        } catch (ExecutionException | TimeoutException e) {
            process.destroyForcibly();
            throw new IOException("the node did not print its JSON-RPC address (log: " + log + "): "
                    + (e.getCause() == null ? e : e.getCause()).getMessage());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while starting the node", e);
        }
    }

    private static void scan(Process process, CompletableFuture<URI> address) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                Matcher m = RPC_LINE.matcher(line);
                if (m.find() && !address.isDone()) {
                    address.complete(URI.create(m.group(1) + "/"));
                }
            }
            address.completeExceptionally(
                    new IOException("the node's output ended (exit status " + process.waitFor() + ")"));
        } catch (IOException e) {
            address.completeExceptionally(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            address.completeExceptionally(e);
        }
    }

    URI rpc() {
        return rpc;
    }

    long pid() {
        return process.pid();
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Asks the node to stop (SIGTERM: it finishes its block and closes its store) and waits for it. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(stopOnExit);
        } catch (IllegalStateException e) {
            // the JVM is already exiting: the hook stops the node
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
