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
}
