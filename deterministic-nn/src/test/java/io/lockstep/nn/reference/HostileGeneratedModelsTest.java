package io.lockstep.nn.reference;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.nn.NnException;
import io.lockstep.nn.NnLimits;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorSpec;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Truncated and corrupted bytes of a generated model of every family (convolutions, pools,
 * normalizations, attention, the quantized operators): each is refused with an {@link NnException} or,
 * when the damage leaves a valid model, prepared and run. Never another exception, never an
 * out-of-memory. The corruptions are seeded ({@code -Dlockstep.seed=N} replays a run).
 */
class HostileGeneratedModelsTest {
    /** Tight limits, so that a corrupted dimension cannot make the test allocate or compute much. */
    private static final NnLimits LIMITS = new NnLimits(1 << 20, 1_000, 1 << 18, 16 << 20, 8);

    private static final long FUEL_BUDGET = 100_000_000L;
    private static final int CORRUPTIONS = Integer.getInteger("lockstep.corruptions", 1_500);

    /**
     * The smallest of the first models of a family that still has some structure (at least 400 bytes),
     * so that cutting it at every byte stays cheap.
     */
    private static byte[] smallModel(ModelFamily family) {
        SplittableRandom seeds = new SplittableRandom(family.label().hashCode());
        byte[] smallest = null;
        for (int i = 0; i < 48; i++) {
            byte[] bytes = family.generate(seeds.nextLong()).bytes();
            if (bytes.length >= 400 && (smallest == null || bytes.length < smallest.length)) {
                smallest = bytes;
            }
        }
        return smallest;
    }

    @TestFactory
    Stream<DynamicTest> everyTruncationIsRefusedOrRuns() {
        return Arrays.stream(ModelFamily.values())
                .map(family -> DynamicTest.dynamicTest(family.label(), () -> {
                    byte[] model = smallModel(family);
                    assertTrue(
                            exercise(model, family.label() + " intact"),
                            family.label() + ": the intact model did not run");
                    System.out.println("HostileGeneratedModelsTest " + family.label() + ": " + model.length + " bytes");
                    for (int length = 0; length < model.length; length++) {
                        exercise(
                                Arrays.copyOf(model, length),
                                family.label() + " cut to " + length + " of " + model.length);
                    }
                }));
    }

    @TestFactory
    Stream<DynamicTest> corruptedBytesAreRefusedOrRun() {
        long seed = Long.getLong("lockstep.seed", System.nanoTime());
        System.out.println("HostileGeneratedModelsTest seed=" + seed + " (rerun with -Dlockstep.seed=" + seed + ")");
        return Arrays.stream(ModelFamily.values())
                .map(family -> DynamicTest.dynamicTest(family.label(), () -> {
                    SplittableRandom random =
                            new SplittableRandom(seed ^ family.label().hashCode());
                    byte[] model = smallModel(family);
                    int refused = 0;
                    for (int round = 0; round < CORRUPTIONS; round++) {
                        byte[] mutant = model.clone();
                        int flips = 1 + random.nextInt(4);
                        for (int f = 0; f < flips; f++) {
                            int at = random.nextInt(mutant.length);
                            switch (random.nextInt(3)) {
                                case 0 -> mutant[at] = (byte) random.nextInt(256);
                                case 1 -> mutant[at] ^= (byte) (1 << random.nextInt(8));
                                default -> mutant[at] = (byte) (random.nextBoolean() ? 0xff : 0x80);
                            }
                        }
                        if (!exercise(mutant, family.label() + " seed " + seed + " round " + round)) {
                            refused++;
                        }
                    }
                    assertTrue(
                            refused > 0, family.label() + ": no corruption was refused, the corruption does nothing");
                }));
    }

    /** True when the bytes made a model that ran (or was too expensive to run). */
    private static boolean exercise(byte[] bytes, String what) {
        try {
            PreparedModel prepared = PreparedModel.prepare(bytes, PrepareOptions.DEFAULT.withLimits(LIMITS));
            if (prepared.cost() > FUEL_BUDGET) {
                return true;
            }
            Map<String, Tensor> inputs = new HashMap<>();
            for (TensorSpec spec : prepared.inputs()) {
                inputs.put(spec.name(), Tensor.zeros(spec.dtype(), spec.shape()));
            }
            prepared.run(inputs);
            return true;
        } catch (NnException e) {
            return false;
        } catch (RuntimeException | Error e) {
            fail(what + ": " + e, e);
            return false;
        }
    }
}
