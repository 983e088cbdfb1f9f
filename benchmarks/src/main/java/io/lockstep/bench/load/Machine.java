package io.lockstep.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** What a run was measured on, as the OS and the JVM tell. */
final class Machine {

    private Machine() {}

    static String describe() {
        return "- processors: " + Runtime.getRuntime().availableProcessors() + "\n"
                + "- CPU: " + value(Path.of("/proc/cpuinfo"), "model name") + "\n"
                + "- memory: " + value(Path.of("/proc/meminfo"), "MemTotal") + "\n"
                + "- JDK: " + System.getProperty("java.vm.name") + " " + Runtime.version() + " ("
                + System.getProperty("java.vendor") + ")\n"
                + "- OS: " + System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch") + "\n"
                + "- load average at start (1, 5, 15 min): " + loadAverage() + "\n";
    }

    /** The first three fields of /proc/loadavg. */
    static String loadAverage() {
        String line = value(Path.of("/proc/loadavg"), "");
        String[] fields = line.split(" ");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : line;
    }

    private static String value(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return key.isEmpty()
                            ? line.trim()
                            : line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + file + " unreadable)";
        }
        return "unknown";
    }
}
