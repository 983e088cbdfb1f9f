package io.lockstep.bench.load;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Reads a flight recording's samples of Java code ({@code jdk.ExecutionSample}) and prints where they fall:
 * by thread group, by the method on top of the stack, and by method anywhere in the stack (the project's own
 * methods, which say which step of the node's work the time belongs to). JFR samples threads that are in
 * Java code whether or not a CPU runs them, so on a busy machine the shares are of time, not of CPU. Native
 * code (RocksDB, system calls) is sampled separately ({@code jdk.NativeMethodSample}), blocked or not: its
 * top frames are listed last.
 *
 * <pre>
 * java -cp benchmarks/target/lockstep-benchmarks.jar io.lockstep.bench.load.JfrProfile node.jfr [TOP]
 * </pre>
 */
public final class JfrProfile {

    private JfrProfile() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: JfrProfile FILE.jfr [TOP]");
            System.exit(2);
        }
        int top = args.length == 2 ? Integer.parseInt(args[1]) : 25;
        System.out.print(summarize(Path.of(args[0]), top));
    }

    static String summarize(Path file, int top) throws IOException {
        Map<String, Long> byThread = new HashMap<>();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> natives = new HashMap<>();
        long samples = 0;
        long nativeSamples = 0;
        for (RecordedEvent event : RecordingFile.readAllEvents(file)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.NativeMethodSample")) {
                RecordedStackTrace stack = event.getStackTrace();
                if (stack != null && !stack.getFrames().isEmpty()) {
                    nativeSamples++;
                    natives.merge(name(stack.getFrames().get(0).getMethod()), 1L, Long::sum);
                }
                continue;
            }
            if (!type.equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = event.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            RecordedThread thread = event.getThread("sampledThread");
            byThread.merge(NodeProfiler.group(thread == null ? null : thread.getJavaName()), 1L, Long::sum);
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0).getMethod()), 1L, Long::sum);
            Set<String> seen = new HashSet<>();
            for (RecordedFrame frame : frames) {
                String method = name(frame.getMethod());
                if (method.startsWith("io.lockstep.") && seen.add(method)) {
                    inclusive.merge(method, 1L, Long::sum);
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%,d samples of Java code%n", samples));
        section(out, "by thread group", byThread, samples, top);
        section(out, "on top of the stack (self)", self, samples, top);
        section(
                out,
                "project methods anywhere in the stack (inclusive; stacks are cut at 64 frames)",
                inclusive,
                samples,
                top);
        out.append(String.format(Locale.ROOT, "%n%,d samples of threads in native code", nativeSamples));
        section(out, ", by the native method (waits included)", natives, nativeSamples, Math.min(top, 10));
        return out.toString();
    }

    private static void section(StringBuilder out, String title, Map<String, Long> counts, long samples, int top) {
        out.append(title.startsWith(",") ? "" : "\n").append(title).append(":\n");
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .forEach(e -> out.append(String.format(
                        Locale.ROOT, "  %5.1f%%  %s%n", 100.0 * e.getValue() / Math.max(1, samples), e.getKey())));
    }

    private static String name(RecordedMethod method) {
        if (method == null) {
            return "?";
        }
        String type = method.getType() == null ? "?" : method.getType().getName();
        return type + "." + method.getName();
    }
}
