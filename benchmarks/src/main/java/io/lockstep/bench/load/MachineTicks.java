package io.lockstep.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The machine's CPU time from the first line of {@code /proc/stat}: busy and total, in clock ticks. */
final class MachineTicks {

    private MachineTicks() {}

    /** {@code {busy, total}}, or null where there is no {@code /proc/stat}. */
    static long[] read() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = line.trim().split("\\s+");
            long total = 0;
            long idle = 0;
            // cpu user nice system idle iowait irq softirq steal [guest guest_nice, already in user and nice]
            for (int i = 1; i < Math.min(fields.length, 9); i++) {
                long ticks = Long.parseLong(fields[i]);
                total += ticks;
                if (i == 4 || i == 5) {
                    idle += ticks;
                }
            }
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Cores busy between two readings, on a machine of {@code availableProcessors} cores; 0 when unknown. */
    static double busyCores(long[] before, long[] after) {
        if (before == null || after == null || after[1] <= before[1]) {
            return 0;
        }
        double share = (double) (after[0] - before[0]) / (after[1] - before[1]);
        return share * Runtime.getRuntime().availableProcessors();
    }
}
