package io.lockstep.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRank() {
        Latencies latencies = new Latencies();
        for (long i = 100; i >= 1; i--) {
            latencies.add(i);
        }
        Latencies.Summary summary = latencies.summary();
        assertEquals(100, summary.count());
        assertEquals(50, summary.p50());
        assertEquals(90, summary.p90());
        assertEquals(99, summary.p99());
        assertEquals(100, summary.max());
        assertEquals(7, Latencies.percentile(new long[] {7}, 99));
        assertEquals(0, new Latencies().summary().p99());
    }

    @Test
    void mergeKeepsEverySample() {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        Latencies a = new Latencies();
        Latencies b = new Latencies();
        long max = 0;
        for (int i = 0; i < 5_000; i++) {
            long sample = random.nextInt(1_000_000);
            max = Math.max(max, sample);
            (i % 3 == 0 ? a : b).add(sample);
        }
        Latencies all = Latencies.merge(List.of(a, b));
        assertEquals(5_000, all.size(), "seed " + seed);
        assertEquals(max, all.summary().max(), "seed " + seed);
    }

    @Test
    void errorKindsDropNumbersAndHashes() {
        Outcomes outcomes = new Outcomes();
        outcomes.refused("nonce too low: address 0xabc1, tx 5 state 6");
        outcomes.refused("nonce too low: address 0xdef2, tx 7 state 9");
        outcomes.refused("transaction pool is full");
        assertEquals(
                List.of("refused: nonce too low: address 0x…, tx N state N", "refused: transaction pool is full"),
                List.copyOf(outcomes.errors().keySet()));
        assertEquals(3, outcomes.errorCount());
    }
}
