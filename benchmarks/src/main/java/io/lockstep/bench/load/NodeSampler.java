package io.lockstep.bench.load;

import com.sun.tools.attach.AttachNotSupportedException;
import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import javax.management.MBeanServerConnection;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * Samples the node process while it is under load: resident memory from {@code /proc/PID/status}, CPU time
 * from the OS, and, when the JVM lets us attach, heap use and GC time over JMX; and how busy the whole
 * machine was, since the node shares it with the generator and whatever else runs.
 */
final class NodeSampler implements Runnable, AutoCloseable {

    /** One sample; heap and GC fields are -1 when JMX is not available. */
    record Sample(
            long nanos,
            long rssBytes,
            long peakRssBytes,
            long cpuNanos,
            long heapUsed,
            long heapCommitted,
            long gcMillis,
            long[] machineTicks) {}

    /** What the samples inside a window say. */
    record Summary(
            long rssEndBytes,
            long rssMaxBytes,
            long peakRssBytes,
            long heapUsedMaxBytes,
            long heapCommittedMaxBytes,
            double gcShare,
            double cores,
            double machineCores) {}

    private final long pid;
    private final long intervalNanos;
    private final List<Sample> samples = new ArrayList<>();
    private final JMXConnector jmx;
    private final MBeanServerConnection server;
    private final MemoryMXBean memory;
    private final List<GarbageCollectorMXBean> collectors;
    private volatile boolean running = true;

    private NodeSampler(
            long pid,
            Duration interval,
            JMXConnector jmx,
            MBeanServerConnection server,
            MemoryMXBean memory,
            List<GarbageCollectorMXBean> collectors) {
        this.pid = pid;
        this.intervalNanos = interval.toNanos();
        this.jmx = jmx;
        this.server = server;
        this.memory = memory;
        this.collectors = collectors;
    }

    /** A sampler of {@code pid}; without heap figures (and a note on {@code warnings}) if attaching fails. */
    static NodeSampler of(long pid, Duration interval, List<String> warnings) {
        try {
            VirtualMachine vm = VirtualMachine.attach(Long.toString(pid));
            String address;
            try {
                address = vm.startLocalManagementAgent();
            } finally {
                vm.detach();
            }
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address));
            MBeanServerConnection server = connector.getMBeanServerConnection();
            MemoryMXBean memory = ManagementFactory.newPlatformMXBeanProxy(
                    server, ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class);
            List<GarbageCollectorMXBean> collectors =
                    ManagementFactory.getPlatformMXBeans(server, GarbageCollectorMXBean.class);
            return new NodeSampler(pid, interval, connector, server, memory, collectors);
        } catch (IOException | AttachNotSupportedException | RuntimeException e) {
            warnings.add("heap not sampled: cannot attach to the node's JVM (" + e.getMessage() + ")");
            return new NodeSampler(pid, interval, null, null, null, List.of());
        }
    }

    /** The node's JMX connection, when attaching worked. */
    Optional<MBeanServerConnection> connection() {
        return Optional.ofNullable(server);
    }

    @Override
    public void run() {
        while (running) {
            Optional<Sample> sample = sample();
            if (sample.isEmpty()) {
                return; // the process is gone
            }
            synchronized (this) {
                samples.add(sample.get());
            }
            LockSupport.parkNanos(intervalNanos);
        }
    }

    private Optional<Sample> sample() {
        long now = System.nanoTime();
        long[] rss = residentSet(pid);
        if (rss == null) {
            return Optional.empty();
        }
        long cpu = ProcessHandle.of(pid)
                .flatMap(p -> p.info().totalCpuDuration())
                .map(Duration::toNanos)
                .orElse(-1L);
        long used = -1;
        long committed = -1;
        long gc = -1;
        if (memory != null) {
            try {
                MemoryUsage heap = memory.getHeapMemoryUsage();
                used = heap.getUsed();
                committed = heap.getCommitted();
                gc = collectors.stream()
                        .mapToLong(GarbageCollectorMXBean::getCollectionTime)
                        .sum();
            } catch (RuntimeException e) {
                // the node may be stopping; the OS figures still count
            }
        }
        return Optional.of(new Sample(now, rss[0], rss[1], cpu, used, committed, gc, MachineTicks.read()));
    }

    /** VmRSS and VmHWM in bytes, or null when the process is gone. */
    static long[] residentSet(long pid) {
        try {
            long rss = -1;
            long peak = -1;
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line);
                } else if (line.startsWith("VmHWM:")) {
                    peak = kilobytes(line);
                }
            }
            return new long[] {rss, peak};
        } catch (IOException e) {
            return null;
        }
    }

    private static long kilobytes(String line) {
        String[] fields = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
        return Long.parseLong(fields[0]) * 1024;
    }

    /** The samples from {@code fromNanos} to {@code untilNanos}, summarized. */
    synchronized Summary summarize(long fromNanos, long untilNanos) {
        Sample first = null;
        Sample last = null;
        long rssMax = 0;
        long heapMax = -1;
        long committedMax = -1;
        for (Sample s : samples) {
            if (s.nanos() < fromNanos || s.nanos() > untilNanos) {
                continue;
            }
            first = first == null ? s : first;
            last = s;
            rssMax = Math.max(rssMax, s.rssBytes());
            heapMax = Math.max(heapMax, s.heapUsed());
            committedMax = Math.max(committedMax, s.heapCommitted());
        }
        if (first == null || last == first) {
            return new Summary(-1, -1, -1, -1, -1, 0, 0, 0);
        }
        double wall = last.nanos() - first.nanos();
        double gcShare =
                first.gcMillis() < 0 || last.gcMillis() < 0 ? -1 : (last.gcMillis() - first.gcMillis()) * 1e6 / wall;
        double cores = first.cpuNanos() < 0 || last.cpuNanos() < 0 ? 0 : (last.cpuNanos() - first.cpuNanos()) / wall;
        return new Summary(
                last.rssBytes(),
                rssMax,
                last.peakRssBytes(),
                heapMax,
                committedMax,
                gcShare,
                cores,
                MachineTicks.busyCores(first.machineTicks(), last.machineTicks()));
    }

    @Override
    public void close() {
        running = false;
        if (jmx != null) {
            try {
                jmx.close();
            } catch (IOException e) {
                // the node is stopping or gone
            }
        }
    }
}
