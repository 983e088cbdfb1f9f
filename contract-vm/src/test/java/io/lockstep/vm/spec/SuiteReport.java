package io.lockstep.vm.spec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The suite's results: counts per script, every skip with its reason, every failure and deviation, the
 * time per engine, and a SHA-256 digest over the engine-independent outcome of every command, so that
 * runs on different JVMs and CPUs can be compared by one line.
 */
final class SuiteReport {

    private final List<ScriptResult> scripts = new ArrayList<>();

    synchronized void add(ScriptResult result) {
        scripts.add(result);
    }

    long count(Verdict.Kind kind) {
        return scripts.stream().mapToLong(s -> s.count(kind)).sum();
    }

    long skippedScripts() {
        return scripts.stream().filter(s -> s.skipped() != null).count();
    }

    /** {@code script:line: command: reason} for every failed command. */
    List<String> failures() {
        List<String> lines = new ArrayList<>();
        for (ScriptResult s : scripts) {
            for (CommandResult c : s.commands()) {
                if (c.verdict().is(Verdict.Kind.FAILED)) {
                    lines.add(s.name() + ":" + c.command().line() + ": " + c.command() + ": "
                            + c.verdict().reason());
                }
            }
        }
        return lines;
    }

    Map<String, Long> nanosByEngine() {
        Map<String, Long> total = new LinkedHashMap<>();
        for (ScriptResult s : scripts) {
            s.nanosByEngine().forEach((engine, nanos) -> total.merge(engine, nanos, Long::sum));
        }
        return total;
    }

    Map<String, Long> cpuNanosByEngine() {
        Map<String, Long> total = new LinkedHashMap<>();
        for (ScriptResult s : scripts) {
            s.cpuNanosByEngine().forEach((engine, nanos) -> total.merge(engine, nanos, Long::sum));
        }
        return total;
    }

    /** SHA-256 over each command's script, line, type and engine-independent outcome, in suite order. */
    String digest() {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        List<ScriptResult> ordered = new ArrayList<>(scripts);
        ordered.sort((a, b) -> a.name().compareTo(b.name()));
        for (ScriptResult s : ordered) {
            if (s.skipped() != null) {
                update(sha, s.name() + "\tSKIPPED\t" + s.skipped());
            }
            for (CommandResult c : s.commands()) {
                update(
                        sha,
                        s.name() + "\t" + c.command().line() + "\t"
                                + c.command().type() + "\t" + c.outcome().key());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void update(MessageDigest sha, String line) {
        sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The last line of a run: {@code DIGEST <hex> PASSED <n> FAILED <n> SKIPPED <n> DEVIATIONS <n>}. */
    String digestLine() {
        return "DIGEST " + digest() + " PASSED " + count(Verdict.Kind.PASSED) + " FAILED " + count(Verdict.Kind.FAILED)
                + " SKIPPED " + count(Verdict.Kind.SKIPPED) + " DEVIATIONS " + count(Verdict.Kind.DEVIATION);
    }

    String summary() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(
                Locale.ROOT,
                "spec suite: %d scripts (%d skipped whole), commands passed %d, failed %d, skipped %d, deviations %d%n",
                scripts.size(),
                skippedScripts(),
                count(Verdict.Kind.PASSED),
                count(Verdict.Kind.FAILED),
                count(Verdict.Kind.SKIPPED),
                count(Verdict.Kind.DEVIATION)));
        Map<String, Long> cpu = cpuNanosByEngine();
        nanosByEngine()
                .forEach((engine, nanos) -> s.append(String.format(
                        Locale.ROOT,
                        "  %-12s %8.1f s wall %8.1f s cpu%n",
                        engine,
                        nanos / 1e9,
                        cpu.getOrDefault(engine, 0L) / 1e9)));
        return s.toString();
    }

    void write(Path file) {
        StringBuilder s = new StringBuilder(summary()).append('\n');
        s.append(String.format(
                Locale.ROOT, "%-36s %7s %7s %7s %7s  %s%n", "script", "passed", "failed", "skipped", "deviat", "time"));
        for (ScriptResult r : scripts) {
            if (r.skipped() != null) {
                s.append(String.format(Locale.ROOT, "%-36s SKIPPED: %s%n", r.name(), r.skipped()));
                continue;
            }
            StringBuilder times = new StringBuilder();
            r.nanosByEngine()
                    .forEach((engine, nanos) ->
                            times.append(String.format(Locale.ROOT, " %s=%.2fs", engine, nanos / 1e9)));
            s.append(String.format(
                    Locale.ROOT,
                    "%-36s %7d %7d %7d %7d %s%n",
                    r.name(),
                    r.count(Verdict.Kind.PASSED),
                    r.count(Verdict.Kind.FAILED),
                    r.count(Verdict.Kind.SKIPPED),
                    r.count(Verdict.Kind.DEVIATION),
                    times));
        }
        section(s, "FAILED", Verdict.Kind.FAILED);
        section(s, "DEVIATIONS (expected-deviations.txt)", Verdict.Kind.DEVIATION);
        skipReasons(s);
        section(s, "SKIPPED commands", Verdict.Kind.SKIPPED);
        s.append('\n').append(digestLine()).append('\n');
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Files.writeString(file, s.toString(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Skipped commands counted by reason, line numbers and function indices left out. */
    private void skipReasons(StringBuilder s) {
        Map<String, Integer> byReason = new TreeMap<>();
        for (ScriptResult r : scripts) {
            for (CommandResult c : r.commands()) {
                if (c.verdict().is(Verdict.Kind.SKIPPED)) {
                    String reason = c.verdict().reason().replaceAll("(line|function) \\d+", "$1 N");
                    byReason.merge(reason, 1, Integer::sum);
                }
            }
        }
        s.append('\n')
                .append("== SKIP REASONS (")
                .append(count(Verdict.Kind.SKIPPED))
                .append(" commands)\n");
        byReason.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(e -> s.append(String.format(Locale.ROOT, "%7d  %s%n", e.getValue(), e.getKey())));
    }

    private void section(StringBuilder s, String title, Verdict.Kind kind) {
        s.append('\n')
                .append("== ")
                .append(title)
                .append(" (")
                .append(count(kind))
                .append(")\n");
        for (ScriptResult r : scripts) {
            for (CommandResult c : r.commands()) {
                if (c.verdict().is(kind)) {
                    s.append(r.name())
                            .append(':')
                            .append(c.command().line())
                            .append(' ')
                            .append(c.command().type());
                    s.append(": ").append(c.verdict().reason()).append('\n');
                }
            }
        }
    }
}
