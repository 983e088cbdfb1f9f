package io.lockstep.vm.determinism;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.vm.TrapKind;
import io.lockstep.vm.gen.GeneratedModule;
import io.lockstep.vm.gen.ModuleGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Differential determinism: for every seed, a generated module runs on the compiler and the interpreter
 * with the same fuel, and both must report the same status, result bits, fuel used and trap kind; every
 * NaN the entry returns must be canonical. The default run covers seeds 0..9999 and also checks that the
 * generator reaches every outcome (success, trap, out of fuel) and the trap kinds it aims at.
 *
 * <p>Replay: {@code -Dlockstep.seed=N} runs seed N alone (and writes its module, as
 * {@code -Dlockstep.dumpDir=DIR} does for every failing seed); {@code -Dlockstep.seeds=A..B} runs seeds
 * {@code [A, B)}.
 */
class DifferentialTest {

    private static final long DEFAULT_SEEDS = 10_000;
    private static final double MIN_SHARE = 0.05;
    private static final int MAX_REPORTED = 20;

    /** Trap kinds the generator sets out to reach; a default run that misses one has lost a code path. */
    private static final Set<TrapKind> EXPECTED_TRAPS = EnumSet.of(
            TrapKind.UNREACHABLE,
            TrapKind.MEMORY_OUT_OF_BOUNDS,
            TrapKind.INTEGER_DIVIDE_BY_ZERO,
            TrapKind.INTEGER_OVERFLOW,
            TrapKind.INVALID_CONVERSION_TO_INTEGER,
            TrapKind.INDIRECT_CALL_TYPE_MISMATCH,
            TrapKind.UNINITIALIZED_ELEMENT,
            TrapKind.UNDEFINED_ELEMENT,
            TrapKind.CALL_STACK_EXHAUSTED,
            TrapKind.INSTANTIATION_FAILED);

    @Test
    void enginesAgreeOnGeneratedModules() {
        long[] range = seedRange();
        boolean single = System.getProperty("lockstep.seed") != null;
        int threads = Integer.getInteger("lockstep.threads", SeedRuns.defaultThreads());
        System.out.printf(
                "DifferentialTest: seeds [%d, %d) on %d threads, fuel %d%n",
                range[0], range[1], threads, DifferentialRunner.FUEL);
        long started = System.nanoTime();
        List<SeedResult> results = range[0] == 0
                ? SeedRuns.fromZero(Math.toIntExact(range[1]), threads)
                : SeedRuns.run(range[0], range[1], threads);
        double seconds = (System.nanoTime() - started) / 1e9;

        Map<String, Integer> statuses = new TreeMap<>();
        Map<TrapKind, Integer> traps = new EnumMap<>(TrapKind.class);
        List<SeedResult> failures = new ArrayList<>();
        for (SeedResult r : results) {
            statuses.merge(r.status(), 1, Integer::sum);
            if (r.trapKind() != null) {
                traps.merge(r.trapKind(), 1, Integer::sum);
            }
            if (!r.ok()) {
                failures.add(r);
            }
            if (single) {
                System.out.println(r.line());
            }
        }
        System.out.printf(
                "DifferentialTest: %d modules in %.1f s; outcomes %s; traps %s%n",
                results.size(), seconds, statuses, traps);
        if (single) {
            dump(new ModuleGenerator().generate(range[0]), dumpDir());
        }
        if (!failures.isEmpty()) {
            fail(report(failures));
        }
        if (range[1] - range[0] >= 1_000) {
            checkMix(results.size(), statuses, traps);
        }
    }

    private static void checkMix(int total, Map<String, Integer> statuses, Map<TrapKind, Integer> traps) {
        for (String status : List.of("success", "trapped", "out_of_fuel")) {
            int n = statuses.getOrDefault(status, 0);
            assertTrue(
                    n >= MIN_SHARE * total,
                    "only " + n + " of " + total + " modules ended " + status + "; the generator must exercise"
                            + " every outcome (at least " + (int) (MIN_SHARE * 100) + "% each): " + statuses);
        }
        Set<TrapKind> missing = EnumSet.copyOf(EXPECTED_TRAPS);
        missing.removeAll(traps.keySet());
        assertTrue(missing.isEmpty(), "no generated module trapped with " + missing + "; traps seen: " + traps);
    }

    private static String report(List<SeedResult> failures) {
        Path dir = dumpDir();
        ModuleGenerator generator = new ModuleGenerator();
        StringBuilder text = new StringBuilder();
        text.append(failures.size()).append(" generated modules broke determinism or the pipeline:\n");
        for (SeedResult r : failures.subList(0, Math.min(MAX_REPORTED, failures.size()))) {
            GeneratedModule module = generator.generate(r.seed());
            Path file = dump(module, dir);
            text.append("  seed ").append(r.seed()).append(": ").append(String.join("; ", r.problems()));
            text.append("\n    module: ").append(file).append(", export ").append(module.entry());
            text.append(", args ").append(module.argsText().isEmpty() ? "(none)" : module.argsText());
            text.append("\n    replay: mvn -q -Pquick -pl contract-vm test -Dtest=DifferentialTest -Dlockstep.seed=");
            text.append(r.seed()).append("   (or ./lockstep wasm run on the module file)\n");
        }
        if (failures.size() > MAX_REPORTED) {
            text.append("  ... and ").append(failures.size() - MAX_REPORTED).append(" more\n");
        }
        return text.toString();
    }

    /** Writes the module and a text file with its export and arguments; returns the module's path. */
    static Path dump(GeneratedModule module, Path dir) {
        try {
            Files.createDirectories(dir);
            Path wasm = dir.resolve("seed-" + module.seed() + ".wasm");
            Files.write(wasm, module.bytes());
            Files.writeString(
                    dir.resolve("seed-" + module.seed() + ".args"),
                    module.entry() + " " + module.argsText() + "\n",
                    StandardCharsets.UTF_8);
            return wasm;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the module of seed " + module.seed() + " to " + dir, e);
        }
    }

    private static Path dumpDir() {
        return Path.of(System.getProperty("lockstep.dumpDir", "target/differential-modules"));
    }

    /** {@code [from, to)} from {@code lockstep.seed} or {@code lockstep.seeds=A..B}; default 0..9999. */
    static long[] seedRange() {
        String one = System.getProperty("lockstep.seed");
        if (one != null) {
            long seed = Long.parseLong(one.trim());
            return new long[] {seed, seed + 1};
        }
        String many = System.getProperty("lockstep.seeds");
        if (many != null) {
            String[] bounds = many.split("\\.\\.");
            if (bounds.length != 2) {
                throw new IllegalArgumentException("lockstep.seeds must be A..B, got '" + many + "'");
            }
            return new long[] {Long.parseLong(bounds[0].trim()), Long.parseLong(bounds[1].trim())};
        }
        return new long[] {0, DEFAULT_SEEDS};
    }
}
