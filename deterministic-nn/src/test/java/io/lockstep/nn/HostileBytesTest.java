package io.lockstep.nn;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Truncated and corrupted models: every one is either refused with an {@link NnException} or, when the
 * damage happens to leave a valid model, prepared and (if affordable) run. Never any other exception,
 * never an out-of-memory.
 */
class HostileBytesTest {
    /** Tight limits, so that a corrupted dimension cannot make a test allocate or compute much. */
    private static final NnLimits LIMITS = new NnLimits(1 << 20, 1_000, 1 << 18, 16 << 20, 8);

    private static final long FUEL_BUDGET = 200_000_000L;

    static byte[] sampleModel() {
        return new OnnxModelBuilder()
                .input("x", DType.FLOAT, 4, 8)
                .input("ids", DType.INT64, 3)
                .initializer("w", OnnxModelBuilder.ramp(new int[] {8, 6}, -1f, 0.05f))
                .initializer("b", OnnxModelBuilder.ramp(new int[] {6}, 0.5f, -0.1f))
                .initializer("shape", Tensor.ofLongs(new int[] {2}, 2, 12))
                .initializer("table", OnnxModelBuilder.ramp(new int[] {10, 12}, 0f, 1f))
                .node("MatMul")
                .inputs("x", "w")
                .outputs("xw")
                .add()
                .node("Add")
                .inputs("xw", "b")
                .outputs("h")
                .add()
                .node("Gelu")
                .inputs("h")
                .outputs("g")
                .attr("approximate", "tanh")
                .add()
                .node("Reshape")
                .inputs("g", "shape")
                .outputs("r")
                .add()
                .node("Softmax")
                .inputs("r")
                .outputs("s")
                .attr("axis", -1L)
                .add()
                .node("Gather")
                .inputs("table", "ids")
                .outputs("e")
                .attr("axis", 0L)
                .add()
                .node("ReduceMean")
                .inputs("e")
                .outputs("m")
                .attr("axes", new long[] {0})
                .add()
                .node("Mul")
                .inputs("s", "m")
                .outputs("y")
                .add()
                .node("Transpose")
                .inputs("y")
                .outputs("t")
                .add()
                .output("t", DType.FLOAT, 12, 2)
                .opset(17)
                .build();
    }

    @Test
    void everyTruncationIsRefusedCleanly() {
        byte[] model = sampleModel();
        for (int length = 0; length < model.length; length++) {
            byte[] cut = java.util.Arrays.copyOf(model, length);
            exercise(cut, "truncated to " + length + " of " + model.length + " bytes");
        }
    }

    @Test
    void randomCorruptionIsRefusedCleanly() {
        long seed = Long.getLong("lockstep.seed", System.nanoTime());
        System.out.println("HostileBytesTest seed=" + seed + " (rerun with -Dlockstep.seed=" + seed + ")");
        SplittableRandom random = new SplittableRandom(seed);
        byte[] model = sampleModel();
        int refused = 0;
        for (int round = 0; round < 10_000; round++) {
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
            if (!exercise(mutant, "seed " + seed + " round " + round)) {
                refused++;
            }
        }
        assertTrue(refused > 0, "no mutant was refused, the corruption does nothing");
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
