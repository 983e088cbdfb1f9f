package io.lockstep.vm.determinism;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs generated modules {@code [FROM, TO)} on both engines and prints one outcome line per seed, then
 * {@code DIGEST <sha-256 hex>} over those lines. Run on two JVMs, equal digests mean equal status, result
 * bits, fuel and trap kind for every seed; {@link CrossJvmDeterminismTest} launches it on other JVMs.
 *
 * <pre>java -cp TEST_CLASSPATH io.lockstep.vm.determinism.DeterminismProbe FROM TO [THREADS]</pre>
 */
public final class DeterminismProbe {

    private DeterminismProbe() {}

    public static void main(String[] args) {
        if (args.length < 2 || args.length > 3) {
            System.err.println("usage: DeterminismProbe FROM TO [THREADS]");
            System.exit(2);
        }
        long from = Long.parseLong(args[0]);
        long to = Long.parseLong(args[1]);
        int threads = args.length == 3 ? Integer.parseInt(args[2]) : SeedRuns.defaultThreads();
        long started = System.nanoTime();
        List<String> lines = new ArrayList<>();
        for (SeedResult result : SeedRuns.run(from, to, threads)) {
            System.out.println(result.line());
            lines.add(result.line());
        }
        System.out.println("DIGEST " + OutcomeDigest.of(lines));
        System.err.printf(
                "DeterminismProbe: seeds [%d, %d) on %s %s (%s) in %.1f s%n",
                from,
                to,
                System.getProperty("java.vm.name"),
                System.getProperty("java.version"),
                System.getProperty("os.arch"),
                (System.nanoTime() - started) / 1e9);
        System.exit(0);
    }
}
