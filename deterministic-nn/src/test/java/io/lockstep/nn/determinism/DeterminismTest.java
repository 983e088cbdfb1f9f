package io.lockstep.nn.determinism;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.lockstep.nn.NnThreads;
import io.lockstep.nn.RunResult;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden output hashes of fixed models: the same for repeated runs and for 1, 2 and 4 threads, and
 * (because the hashes are constants) on every JDK and JIT tier this test runs on.
 */
class DeterminismTest {
    static final Map<String, String> GOLDEN = Map.of(
            "mlp", "de4fcfdd326ed21331e17230342900d2ce1bee6859ba72bacbcfc7239fd03bd3",
            "attention-block", "5d2e1397232094cb0711988ab2212303a8515906b08383de08884481bbee74c5",
            "integers", "8b806b3b10434c6b72f76ac24ae36bbea4b6f64333a068ec85195acd686e971f");

    @Test
    void goldenHashesForEveryThreadCount() {
        for (GoldenModels.Case c : GoldenModels.all()) {
            String expected = GOLDEN.get(c.name());
            RunResult first = c.model().run(c.inputs());
            String single = GoldenModels.digest(first.outputs(), first.fuelUsed());
            System.out.println(c.name() + " " + single + " fuel=" + first.fuelUsed());
            assertEquals(expected, single, c.name() + " on the calling thread");
            assertEquals(single, digestOf(c.model().run(c.inputs())), c.name() + " repeated");
            for (int threads : new int[] {1, 2, 4}) {
                try (NnThreads pool = NnThreads.create(threads)) {
                    for (int repeat = 0; repeat < 2; repeat++) {
                        assertEquals(
                                expected,
                                digestOf(c.model().run(c.inputs(), pool)),
                                c.name() + " on " + threads + " threads");
                    }
                }
            }
        }
    }

    private static String digestOf(RunResult r) {
        return GoldenModels.digest(r.outputs(), r.fuelUsed());
    }
}
