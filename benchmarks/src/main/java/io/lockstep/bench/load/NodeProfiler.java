package io.lockstep.bench.load;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.management.MBeanServerConnection;
import jdk.management.jfr.FlightRecorderMXBean;

/**
 * Where the node's CPU goes during the measured window, over the node's JMX connection: CPU time per thread
 * group (RPC workers, network threads, the consensus thread...) from the thread MXBean, and, on request, a
 * flight recording of the window alone (JFR's "default" settings), copied to a file for {@link JfrProfile}.
 * The recording suspends threads to sample their stacks; a transaction-admitting thread suspended while it
 * holds the mempool's lock stalls the others, so with a recording the write scenarios admit about half as
 * many transactions a second: the profile attributes time, the run without it measures throughput.
 */
final class NodeProfiler implements PhaseListener {

    private final ThreadMXBean threads;
    private final FlightRecorderMXBean recorder;
    private final Path recording;
    private Map<Long, Long> cpuAtStart = Map.of();
    private Map<Long, String> names = Map.of();
    private long startNanos;
    private long recordingId = -1;
    private Map<String, Double> coresByGroup = Map.of();
    private String failure;

    /**
     * @param recording where to write the window's flight recording; null for none
     */
    NodeProfiler(MBeanServerConnection server, Path recording) throws IOException {
        this.threads = ManagementFactory.newPlatformMXBeanProxy(
                server, ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
        this.recorder = recording == null
                ? null
                : ManagementFactory.newPlatformMXBeanProxy(
                        server, "jdk.management.jfr:type=FlightRecorder", FlightRecorderMXBean.class);
        this.recording = recording;
    }

    @Override
    public void windowStarts() {
        try {
            if (recorder != null) {
                recordingId = recorder.newRecording();
                recorder.setPredefinedConfiguration(recordingId, "default");
                recorder.startRecording(recordingId);
            }
            startNanos = System.nanoTime();
            names = new HashMap<>();
            cpuAtStart = cpuByThread(names);
        } catch (RuntimeException e) {
            failure = "profiling the window failed at its start: " + e;
        }
    }

    @Override
    public void windowEnds() {
        if (failure != null) {
            return;
        }
        try {
            Map<Long, Long> cpuAtEnd = cpuByThread(names);
            double wall = System.nanoTime() - startNanos;
            Map<String, Double> groups = new HashMap<>();
            cpuAtEnd.forEach((id, cpu) -> {
                long before = cpuAtStart.getOrDefault(id, 0L);
                groups.merge(group(names.get(id)), (cpu - before) / wall, Double::sum);
            });
            coresByGroup = sorted(groups);
            if (recorder != null && recordingId >= 0) {
                recorder.stopRecording(recordingId);
                recorder.copyTo(recordingId, recording.toString());
                recorder.closeRecording(recordingId);
            }
        } catch (IOException | RuntimeException e) {
            failure = "profiling the window failed at its end: " + e;
        }
    }

    private Map<Long, Long> cpuByThread(Map<Long, String> names) {
        Map<Long, Long> cpu = new HashMap<>();
        for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long time = threads.getThreadCpuTime(info.getThreadId());
            if (time >= 0) {
                cpu.put(info.getThreadId(), time);
                names.putIfAbsent(info.getThreadId(), info.getThreadName());
            }
        }
        return cpu;
    }

    /** A thread's name without its number: {@code rpc-worker-3} and {@code rpc-worker-7} are one group. */
    static String group(String name) {
        if (name == null) {
            return "?";
        }
        return name.replaceAll("(-\\d+)+$", "").replaceAll("\\(\\d+\\).*$", "");
    }

    private static Map<String, Double> sorted(Map<String, Double> groups) {
        Map<String, Double> out = new LinkedHashMap<>();
        groups.entrySet().stream()
                .filter(e -> e.getValue() >= 0.005)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    /** Cores used per thread group over the window, busiest first (JVM-internal GC and JIT threads excluded). */
    Map<String, Double> coresByGroup() {
        return coresByGroup;
    }

    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }
}
