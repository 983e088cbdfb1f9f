package io.lockstep.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PreparedModelTest {
    private static byte[] linearRelu() {
        return new OnnxModelBuilder()
                .input("x", DType.FLOAT, 2, 3)
                .initializer("w", Tensor.ofFloats(new int[] {3, 2}, 1, 2, 3, 4, 5, 6))
                .initializer("b", Tensor.ofFloats(new int[] {2}, -100, 0.5f))
                .node("MatMul")
                .inputs("x", "w")
                .outputs("xw")
                .add()
                .node("Add")
                .inputs("xw", "b")
                .outputs("z")
                .add()
                .node("Relu")
                .inputs("z")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2, 2)
                .build();
    }

    @Test
    void runsALinearLayer() {
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(linearRelu()));
        Tensor x = Tensor.ofFloats(new int[] {2, 3}, 1, 0, 0, 1, 1, 1);
        RunResult result = model.run(Map.of("x", x));
        // [1,0,0]·w = [1,2] + b = [-99, 2.5] -> relu [0, 2.5]; [1,1,1]·w = [9,12] + b = [-91, 12.5]
        assertArrayEquals(new float[] {0, 2.5f, 0, 12.5f}, result.output("y").toFloatArray());
        assertEquals(model.cost(), result.fuelUsed());
        assertTrue(model.cost() > 0);
    }

    @Test
    void costIsKnownBeforeRunningAndTheSameForEveryRun() {
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(linearRelu()));
        long cost = model.cost();
        Tensor x = Tensor.ofFloats(new int[] {2, 3}, 5, 6, 7, 8, 9, 10);
        assertEquals(cost, model.run(Map.of("x", x)).fuelUsed());
        assertEquals(cost, model.run(Map.of("x", x)).fuelUsed());
    }

    @Test
    void costAddsMilliFuelOverTheWholeRunAndRoundsUpOnce() {
        // milli-fuel: runBase 500, per element 100, per MAC 30, per KiB transferred 1000, the rest free
        NnCostTable table = new NnCostTable(99, 500, 0, 1_000, 100, 0, 0, 0, 0, 30, 0);
        PreparedModel model =
                PreparedModel.prepare(OnnxModel.parse(linearRelu()), PrepareOptions.DEFAULT.withCostTable(table));
        // MatMul 2x3x2: 12 MACs (360) and 4 elements; Add and Relu 4 elements each: 12 elements (1200);
        // 24 bytes in and 16 out: ceil(40 * 1000 / 1024) = 40. 500 + 360 + 1200 + 40 = 2100 -> 3 fuel,
        // where rounding each node and term on its own would give 5.
        assertEquals(3, model.cost());
        assertEquals(
                3,
                model.run(Map.of("x", Tensor.ofFloats(new int[] {2, 3}, 1, 2, 3, 4, 5, 6)))
                        .fuelUsed());
    }

    @Test
    void theDefaultCostTableIsVersion2() {
        assertEquals(NnCostTable.V2, PrepareOptions.DEFAULT.costTable());
        assertEquals(2, NnCostTable.V2.version());
    }

    @Test
    void refusesWrongInputs() {
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(linearRelu()));
        NnException wrongShape = assertThrows(
                NnException.class, () -> model.run(Map.of("x", Tensor.ofFloats(new int[] {3, 2}, 1, 2, 3, 4, 5, 6))));
        assertEquals(NnErrorCode.INVALID_INPUT, wrongShape.code());
        NnException missing = assertThrows(NnException.class, () -> model.run(Map.of()));
        assertEquals(NnErrorCode.INVALID_INPUT, missing.code());
        NnException wrongType = assertThrows(
                NnException.class, () -> model.run(Map.of("x", Tensor.ofInts(new int[] {2, 3}, 1, 2, 3, 4, 5, 6))));
        assertEquals(NnErrorCode.INVALID_INPUT, wrongType.code());
    }

    @Test
    void foldsShapeArithmeticAndDropsDeadNodes() {
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 2, 3, 4)
                .initializer("index", Tensor.ofLongs(new int[] {1}, 0))
                .initializer("minus_one", Tensor.ofLongs(new int[] {1}, -1))
                .node("Shape")
                .inputs("x")
                .outputs("shape")
                .add()
                .node("Gather")
                .inputs("shape", "index")
                .outputs("batch")
                .add()
                .node("Concat")
                .inputs("batch", "minus_one")
                .outputs("target")
                .attr("axis", 0L)
                .add()
                .node("Reshape")
                .inputs("x", "target")
                .outputs("flat")
                .add()
                .node("Exp")
                .inputs("x")
                .outputs("unused")
                .add()
                .node("Relu")
                .inputs("flat")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2, 12)
                .build();
        PreparedModel prepared = PreparedModel.prepare(OnnxModel.parse(model));
        assertEquals(2, prepared.stepCount()); // Reshape and Relu; the shape chain is folded, Exp is dead
        Tensor x = OnnxModelBuilder.ramp(new int[] {2, 3, 4}, -5f, 0.5f);
        float[] expected = x.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            expected[i] = Math.max(0f, expected[i]);
        }
        assertArrayEquals(expected, prepared.run(Map.of("x", x)).output("y").toFloatArray());
    }

    @Test
    void reusesBuffersOfDeadValues() {
        OnnxModelBuilder chain = new OnnxModelBuilder().input("x", DType.FLOAT, 1000);
        String last = "x";
        for (int i = 0; i < 10; i++) {
            chain.node("Neg").inputs(last).outputs("v" + i).add();
            last = "v" + i;
        }
        PreparedModel prepared = PreparedModel.prepare(
                OnnxModel.parse(chain.output(last, DType.FLOAT, 1000).build()));
        // Two buffers in turn: the input's is free once the first Neg has read it.
        assertEquals(2 * 4000, prepared.bufferBytes());
        Tensor x = OnnxModelBuilder.ramp(new int[] {1000}, 1f, 1f);
        assertEquals(x, prepared.run(Map.of("x", x)).output(last));
    }

    @Test
    void onePoolServesConcurrentCallers() throws Exception {
        PreparedModel first = PreparedModel.prepare(OnnxModel.parse(linearRelu()));
        PreparedModel second = PreparedModel.prepare(OnnxModel.parse(linearRelu()));
        Tensor x = Tensor.ofFloats(new int[] {2, 3}, 1, 0, 0, 1, 1, 1);
        Tensor expected = first.run(Map.of("x", x)).output("y");
        try (NnThreads threads = NnThreads.create(2)) {
            java.util.concurrent.ExecutorService callers = java.util.concurrent.Executors.newFixedThreadPool(4);
            try {
                java.util.List<java.util.concurrent.Future<Tensor>> results = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    PreparedModel model = i % 2 == 0 ? first : second;
                    results.add(callers.submit(
                            () -> model.run(Map.of("x", x), threads).output("y")));
                }
                for (java.util.concurrent.Future<Tensor> r : results) {
                    assertEquals(expected, r.get());
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }
}
