package io.lockstep.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * CPU time of the threads that run inference, native ones included (ONNX Runtime's pool threads are not
 * Java threads), from Linux's {@code /proc/self/task/<tid>/schedstat} (nanoseconds on a CPU, first
 * field). On a machine shared with other work, the busiest thread's CPU time per run is what a 2-thread
 * run would take if both threads had a core to themselves: a load-independent view of the scaling that
 * the wall clock cannot give there.
 *
 * <p>Counted: threads whose OS name is the process's ({@code java}: the JVM's main thread, ORT's pool
 * threads) and deterministic-nn's workers. Not counted: the JVM's own threads (JIT compilers, GC), whose
 * leftover work after warm-up would otherwise pass for the busiest thread.
 */
final class ThreadCpu {

    private static final Path TASKS = Path.of("/proc/self/task");

    /** What the threads did over some runs, per run. */
    record Use(double busiestNanos, double totalNanos) {}

    private ThreadCpu() {}

    static boolean available() {
        return Files.isReadable(
                TASKS.resolve(String.valueOf(ProcessHandle.current().pid())).resolve("schedstat"));
    }

    /**
     * Runs each operation {@code runs[i]} times in all, in {@code rounds} turns (a share of the runs of
     * each operation per round), so that load that comes and goes touches them alike; returns the CPU
     * time their threads used per run.
     */
    static List<Use> measureInTurns(List<Sampler.Operation> operations, int[] runs, int rounds) throws Exception {
        int count = operations.size();
        long[] busiest = new long[count];
        long[] total = new long[count];
        int[] done = new int[count];
        long sink = 0;
        for (int round = 0; round < rounds; round++) {
            for (int i = 0; i < count; i++) {
                int share = Math.max(1, runs[i] / rounds);
                Map<String, Long> before = snapshot();
                for (int r = 0; r < share; r++) {
                    sink += operations.get(i).run();
                }
                Map<String, Long> after = snapshot();
                long most = 0;
                for (Map.Entry<String, Long> e : after.entrySet()) {
                    long used = e.getValue() - before.getOrDefault(e.getKey(), 0L);
                    most = Math.max(most, used);
                    total[i] += used;
                }
                busiest[i] += most;
                done[i] += share;
            }
        }
        Sampler.Blackhole.consume(sink);
        List<Use> uses = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            uses.add(new Use((double) busiest[i] / done[i], (double) total[i] / done[i]));
        }
        return uses;
    }

    private static Map<String, Long> snapshot() throws IOException {
        Map<String, Long> cpu = new HashMap<>();
        try (Stream<Path> tasks = Files.list(TASKS)) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim();
                    if (!name.equals("java") && !name.startsWith("lockstep-nn")) {
                        continue;
                    }
                    String line = Files.readString(task.resolve("schedstat")).trim();
                    cpu.put(task.getFileName().toString(), Long.parseLong(line.substring(0, line.indexOf(' '))));
                } catch (IOException | RuntimeException e) {
                    // The thread ended between the listing and the read: it ran nothing we measure.
                }
            }
        }
        return cpu;
    }
}
