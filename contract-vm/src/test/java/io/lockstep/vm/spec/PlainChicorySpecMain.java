package io.lockstep.vm.spec;

import io.lockstep.vm.Engine;
import io.lockstep.vm.internal.ExecutionThreads;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Runs the spec scripts on plain, uninstrumented Chicory (its own parser and instances, no admission,
 * no fuel, no NaN canonicalization, no depth limit) and counts, by category, the assertions it fails
 * when results are compared bit for bit: what the instrumentation exists to fix.
 *
 * <pre>
 * java -Xss4m -cp &lt;test classpath&gt; io.lockstep.vm.spec.PlainChicorySpecMain [--testdata DIR] [--include-simd]
 * </pre>
 *
 * Writes every failure to {@code target/plain-chicory-report.txt}. Informational: always exits 0.
 */
public final class PlainChicorySpecMain {

    private PlainChicorySpecMain() {}

    public static void main(String[] args) throws IOException {
        String testdata = System.getProperty("lockstep.testdata");
        boolean includeSimd = false;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--testdata") && i + 1 < args.length) {
                testdata = args[++i];
            } else if (args[i].equals("--include-simd")) {
                includeSimd = true;
            } else {
                System.err.println("unknown argument " + args[i]);
                System.exit(2);
            }
        }
        Path root = testdata == null ? null : Path.of(testdata, SpecSuite.JSON_FOLDER);
        if (root == null || !Files.isDirectory(root)) {
            System.err.println("no spec suite at " + root + " (pass --testdata or -Dlockstep.testdata)");
            System.exit(2);
        }
        SpecJudge specRule = new SpecJudge(false);
        SpecJudge chainRule = new SpecJudge(true);
        Map<String, Map<String, Integer>> categories = new TreeMap<>();
        Map<String, Integer> passed = new TreeMap<>();
        Map<String, Long> nanos = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        List<String> slow = new ArrayList<>();
        int disagreements = 0;
        // The JVM stack, not a budget, ends deep recursion here; 64 MiB keeps that quick.
        try (ExecutionThreads threads = new ExecutionThreads(1, 64L << 20, Duration.ofMinutes(10))) {
            for (Path folder : SpecSuite.scriptFolders(root)) {
                String name = folder.getFileName().toString();
                if (!Files.exists(folder.resolve(name + ".json")) || (!includeSimd && name.startsWith("simd_"))) {
                    continue;
                }
                SpecScript script = SpecScript.load(folder);
                List<List<Outcome>> runs = new ArrayList<>();
                for (Engine engine : Engine.values()) {
                    PlainChicoryEngine plain = new PlainChicoryEngine(engine);
                    long start = System.nanoTime();
                    runs.add(threads.run(() -> new ScriptRunner<>(script, plain).run()));
                    long took = System.nanoTime() - start;
                    nanos.merge(plain.name(), took, Long::sum);
                    if (took > 2_000_000_000L) {
                        slow.add(String.format(Locale.ROOT, "%s %s %.1f s", plain.name(), name, took / 1e9));
                    }
                }
                for (int e = 0; e < runs.size(); e++) {
                    String engine = "plain-" + Engine.values()[e].name();
                    for (int i = 0; i < script.commands().size(); i++) {
                        SpecCommand command = script.commands().get(i);
                        Outcome outcome = runs.get(e).get(i);
                        Verdict verdict = specRule.judge(command, outcome);
                        String category = null;
                        if (verdict.is(Verdict.Kind.FAILED)) {
                            category = category(command, outcome);
                        } else if (verdict.is(Verdict.Kind.PASSED)
                                && chainRule.judge(command, outcome).is(Verdict.Kind.FAILED)) {
                            category = "NaN not the positive canonical NaN (passes the spec, not the chain rule)";
                        }
                        if (verdict.is(Verdict.Kind.PASSED)) {
                            passed.merge(engine, 1, Integer::sum);
                        }
                        if (category != null) {
                            categories
                                    .computeIfAbsent(engine, k -> new TreeMap<>())
                                    .merge(category, 1, Integer::sum);
                            lines.add(engine + " " + name + ":" + command.line() + " [" + category + "] " + command
                                    + ": " + (verdict.is(Verdict.Kind.FAILED) ? verdict.reason() : outcome));
                        }
                    }
                }
                for (int i = 0; i < script.commands().size(); i++) {
                    if (!Objects.equals(
                            runs.get(0).get(i).key(), runs.get(1).get(i).key())) {
                        disagreements++;
                        lines.add("engines disagree " + name + ":"
                                + script.commands().get(i).line() + ": compiled "
                                + runs.get(0).get(i) + " / interpreter "
                                + runs.get(1).get(i));
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder("plain Chicory (uninstrumented), bits compared exactly\n");
        for (String engine : nanos.keySet()) {
            Map<String, Integer> byCategory = categories.getOrDefault(engine, Map.of());
            int total = byCategory.entrySet().stream()
                    .filter(c -> !c.getKey().startsWith("NaN not the positive"))
                    .mapToInt(Map.Entry::getValue)
                    .sum();
            out.append(String.format(
                    Locale.ROOT,
                    "%s: %.1f s, passed %d, failed %d%n",
                    engine,
                    nanos.get(engine) / 1e9,
                    passed.getOrDefault(engine, 0),
                    total));
            byCategory.forEach(
                    (category, count) -> out.append(String.format(Locale.ROOT, "  %6d  %s%n", count, category)));
        }
        out.append("commands where plain compiled and plain interpreter disagree: ")
                .append(disagreements)
                .append('\n');
        slow.forEach(line -> out.append("slow script: ").append(line).append('\n'));
        System.out.print(out);
        Path report = Path.of("target", "plain-chicory-report.txt");
        Files.createDirectories(report.getParent());
        Files.writeString(report, out + "\n" + String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        System.out.println("report: " + report.toAbsolutePath());
    }

    private static String category(SpecCommand command, Outcome outcome) {
        switch (command.type()) {
            case "assert_return":
                if (!outcome.is(Outcome.Status.SUCCESS)) {
                    return "assert_return: did not return (" + outcome.status() + ")";
                }
                if (command.expected().stream().anyMatch(SpecValue::isNanPattern)) {
                    return "assert_return: NaN pattern (nan:canonical / nan:arithmetic) not met";
                }
                if (command.expected().stream().anyMatch(PlainChicorySpecMain::isNanBits)) {
                    return "assert_return: exact NaN bits differ";
                }
                return "assert_return: other wrong result";
            case "assert_exhaustion":
                return "assert_exhaustion: no call stack exhaustion";
            case "assert_trap":
                return "assert_trap: " + (outcome.is(Outcome.Status.TRAPPED) ? "unclassified trap" : "no trap");
            default:
                return command.type() + ": " + outcome.status();
        }
    }

    private static boolean isNanBits(SpecValue value) {
        if (!value.numeric() || value.isNanPattern()) {
            return false;
        }
        long bits = value.bits();
        switch (value.type()) {
            case "f32":
                return (bits & 0x7F80_0000L) == 0x7F80_0000L && (bits & 0x007F_FFFFL) != 0;
            case "f64":
                return (bits & 0x7FF0_0000_0000_0000L) == 0x7FF0_0000_0000_0000L
                        && (bits & 0x000F_FFFF_FFFF_FFFFL) != 0;
            default:
                return false;
        }
    }
}
