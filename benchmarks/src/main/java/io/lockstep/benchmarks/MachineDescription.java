package io.lockstep.benchmarks;

import io.lockstep.nn.Int8Kernel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the numbers were measured on: JVM, processors, CPU model and memory, as far as the OS tells. */
final class MachineDescription {

    private MachineDescription() {}

    /** Whether the JVM resolved the incubator module that deterministic-nn's fast products need (ADR 0007). */
    static boolean vectorModule() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    static String describe(ExternalTools tools) {
        return common(true) + "- Node.js: " + nodeVersion(tools) + '\n';
    }

    /** For the state commit benchmark: not the vector units and Node.js, but the store's file system. */
    static String describeStore(Path work) {
        return common(false) + "- store's file system: " + fileSystem(work) + '\n';
    }

    private static String common(boolean vector) {
        StringBuilder text = new StringBuilder();
        text.append("- JVM: ")
                .append(System.getProperty("java.vm.name"))
                .append(' ')
                .append(Runtime.version())
                .append(" (")
                .append(System.getProperty("java.vendor"))
                .append(")\n");
        text.append("- processors (nproc): ")
                .append(Runtime.getRuntime().availableProcessors())
                .append('\n');
        text.append("- CPU: ")
                .append(firstValue(Path.of("/proc/cpuinfo"), "model name"))
                .append('\n');
        if (vector) {
            text.append("- vector extensions: ").append(vectorFlags()).append('\n');
            text.append("- Vector API module (jdk.incubator.vector): ")
                    .append(
                            vectorModule()
                                    ? "resolved (deterministic-nn's products run on register tiles)"
                                    : "not resolved (deterministic-nn's products run the column loops; start the"
                                            + " JVM with --add-modules jdk.incubator.vector for full speed)")
                    .append('\n');
            text.append("- int8 kernel (MatMulInteger, QLinearMatMul): ")
                    .append(
                            Int8Kernel.active() == Int8Kernel.NATIVE_AVX512_VNNI
                                    ? "native AVX512-VNNI (ADR 0011)"
                                    : "Java (the native kernel was not built, does not load here, or was switched off)")
                    .append('\n');
        }
        text.append("- memory: ")
                .append(firstValue(Path.of("/proc/meminfo"), "MemTotal"))
                .append('\n');
        text.append("- OS: ")
                .append(System.getProperty("os.name"))
                .append(' ')
                .append(System.getProperty("os.arch"))
                .append('\n');
        text.append("- load average at start (1, 5, 15 min): ")
                .append(loadAverage())
                .append('\n');
        return text.toString();
    }

    /** The file system type of the mount that holds {@code path} (the longest mount point above it). */
    static String fileSystem(Path path) {
        Path absolute = path.toAbsolutePath().normalize();
        String best = "unknown";
        int bestLength = -1;
        try {
            for (String line : Files.readAllLines(Path.of("/proc/mounts"))) {
                String[] fields = line.split(" ");
                if (fields.length < 3) {
                    continue;
                }
                Path mount = Path.of(fields[1]);
                if (absolute.startsWith(mount) && fields[1].length() > bestLength) {
                    bestLength = fields[1].length();
                    best = fields[2];
                }
            }
        } catch (IOException e) {
            return "unknown (/proc/mounts unreadable)";
        }
        return best;
    }

    /**
     * The CPU's SIMD features (x86 {@code flags}, ARM {@code Features}): what the JIT and ONNX Runtime's
     * kernels can use, which the model name of a virtual CPU often does not tell.
     */
    private static String vectorFlags() {
        String flags = firstValue(Path.of("/proc/cpuinfo"), "flags");
        if (flags.startsWith("unknown")) {
            flags = firstValue(Path.of("/proc/cpuinfo"), "Features");
        }
        StringBuilder vector = new StringBuilder();
        for (String flag : flags.split(" ")) {
            if (flag.matches("avx.*|fma|sse4_2|amx.*|asimd.*|sve.*|neon")) {
                vector.append(vector.length() == 0 ? "" : " ").append(flag);
            }
        }
        return vector.length() == 0 ? flags : vector.toString();
    }

    /** The first three fields of /proc/loadavg (unknown where the OS has none). */
    static String loadAverage() {
        String line = firstValue(Path.of("/proc/loadavg"), "");
        String[] fields = line.split(" ");
        return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : line;
    }

    private static String firstValue(Path file, String key) {
        try {
            for (String line : Files.readAllLines(file)) {
                if (line.startsWith(key)) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException e) {
            return "unknown (" + file + " unreadable)";
        }
        return "unknown";
    }

    private static String nodeVersion(ExternalTools tools) {
        try {
            Path script = tools.workDir().resolve("version.mjs");
            Files.writeString(script, "console.log(process.version)\n");
            List<String> out = tools.node(script, List.of(), 30);
            return out.isEmpty() ? "unknown" : out.get(0);
        } catch (IOException e) {
            return "unavailable: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }
}
