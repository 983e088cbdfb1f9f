package io.lockstep.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.nn.internal.proto.WireWriter;
import io.lockstep.nn.testing.OnnxModelBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** Models that must be refused with a clear reason code and message. */
class BadModelTest {
    private static NnException refused(NnErrorCode code, Executable action) {
        NnException e = assertThrows(NnException.class, action);
        assertEquals(code, e.code(), e.getMessage());
        return e;
    }

    private static PreparedModel prepare(byte[] model) {
        return PreparedModel.prepare(OnnxModel.parse(model));
    }

    private static OnnxModelBuilder identity() {
        return new OnnxModelBuilder().input("x", DType.FLOAT, 2).output("y", DType.FLOAT, 2);
    }

    @Test
    void cycle() {
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 2)
                .node("Add")
                .inputs("x", "b")
                .outputs("a")
                .add()
                .node("Relu")
                .inputs("a")
                .outputs("b")
                .add()
                .output("b", DType.FLOAT, 2)
                .build();
        NnException e = refused(NnErrorCode.CYCLE, () -> prepare(model));
        assertTrue(e.getMessage().contains("'b'"), e.getMessage());
    }

    @Test
    void nodesOutOfOrder() {
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 2)
                .node("Relu")
                .inputs("a")
                .outputs("y")
                .add()
                .node("Relu")
                .inputs("x")
                .outputs("a")
                .add()
                .output("y", DType.FLOAT, 2)
                .build();
        refused(NnErrorCode.NOT_TOPOLOGICAL, () -> prepare(model));
    }

    @Test
    void missingInitializer() {
        byte[] model =
                identity().node("Add").inputs("x", "bias").outputs("y").add().build();
        NnException e = refused(NnErrorCode.MISSING_VALUE, () -> prepare(model));
        assertTrue(e.getMessage().contains("'bias'"), e.getMessage());
    }

    @Test
    void missingGraphOutput() {
        byte[] model = identity().node("Relu").inputs("x").outputs("z").add().build();
        refused(NnErrorCode.MISSING_VALUE, () -> prepare(model));
    }

    @Test
    void duplicateNames() {
        byte[] twoProducers = identity()
                .node("Relu")
                .inputs("x")
                .outputs("y")
                .add()
                .node("Neg")
                .inputs("x")
                .outputs("y")
                .add()
                .build();
        refused(NnErrorCode.DUPLICATE_NAME, () -> prepare(twoProducers));
        byte[] twoInitializers = identity()
                .initializer("w", Tensor.scalar(1f))
                .initializer("w", Tensor.scalar(2f))
                .node("Mul")
                .inputs("x", "w")
                .outputs("y")
                .add()
                .build();
        refused(NnErrorCode.DUPLICATE_NAME, () -> prepare(twoInitializers));
    }

    @Test
    void unsupportedOperatorNamesTypeDomainOpsetAndNode() {
        byte[] model = identity()
                .opset(17)
                .node("Hardmax")
                .name("head")
                .inputs("x")
                .outputs("y")
                .add()
                .build();
        NnException e = refused(NnErrorCode.UNSUPPORTED_OPERATOR, () -> prepare(model));
        assertTrue(e.getMessage().contains("Hardmax"), e.getMessage());
        assertTrue(e.getMessage().contains("ai.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("17"), e.getMessage());
        assertTrue(e.getMessage().contains("head"), e.getMessage());
    }

    @Test
    void unsupportedOpsetVersionOfAKnownOperator() {
        byte[] model =
                identity().opset(30).node("Relu").inputs("x").outputs("y").add().build();
        NnException e = refused(NnErrorCode.UNSUPPORTED_OPERATOR, () -> prepare(model));
        assertTrue(e.getMessage().contains("supported opset versions"), e.getMessage());
    }

    @Test
    void unknownAttribute() {
        byte[] model = identity()
                .node("Relu")
                .inputs("x")
                .outputs("y")
                .attr("slope", 2L)
                .add()
                .build();
        NnException e = refused(NnErrorCode.UNSUPPORTED_ATTRIBUTE, () -> prepare(model));
        assertTrue(e.getMessage().contains("slope"), e.getMessage());
    }

    @Test
    void unsupportedInputType() {
        byte[] model = new OnnxModelBuilder()
                .inputOfType("x", 10, 2) // float16
                .node("Relu")
                .inputs("x")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2)
                .build();
        NnException e = refused(NnErrorCode.UNSUPPORTED_DTYPE, () -> prepare(model));
        assertTrue(e.getMessage().contains("FLOAT16"), e.getMessage());
    }

    @Test
    void dynamicInputShapeNeedsTheCallersShape() {
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, -1, 3)
                .node("Relu")
                .inputs("x")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        NnException e = refused(NnErrorCode.DYNAMIC_SHAPE, () -> prepare(model));
        assertTrue(e.getMessage().contains("'N'"), e.getMessage());
        PreparedModel ok =
                PreparedModel.prepare(OnnxModel.parse(model), PrepareOptions.DEFAULT.withInputShape("x", 4, 3));
        assertEquals(1, ok.stepCount());
        refused(
                NnErrorCode.INVALID_INPUT,
                () -> PreparedModel.prepare(OnnxModel.parse(model), PrepareOptions.DEFAULT.withInputShape("x", 4, 5)));
        byte[] noShape = new OnnxModelBuilder()
                .inputWithoutShape("x", DType.FLOAT)
                .node("Relu")
                .inputs("x")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        refused(NnErrorCode.DYNAMIC_SHAPE, () -> prepare(noShape));
    }

    @Test
    void reshapeTargetComputedAtRunTime() {
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 2, 3)
                .input("shape", DType.INT64, 2)
                .node("Reshape")
                .inputs("x", "shape")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        refused(NnErrorCode.VALUE_DEPENDENT_SHAPE, () -> prepare(model));
        PreparedModel bound = PreparedModel.prepare(
                OnnxModel.parse(model),
                PrepareOptions.DEFAULT.withConstantInput("shape", Tensor.ofLongs(new int[] {2}, 3, 2)));
        assertEquals(1, bound.inputs().size());
        assertEquals("[3, 2]", java.util.Arrays.toString(bound.outputs().get(0).shape()));
    }

    @Test
    void wrongRunInputs() {
        PreparedModel model =
                prepare(identity().node("Relu").inputs("x").outputs("y").add().build());
        refused(NnErrorCode.INVALID_INPUT, () -> model.run(Map.of("x", Tensor.ofFloats(new int[] {3}, 1, 2, 3))));
        refused(
                NnErrorCode.INVALID_INPUT,
                () -> model.run(Map.of("x", Tensor.ofFloats(new int[] {2}, 1, 2), "extra", Tensor.scalar(1f))));
    }

    @Test
    void shapesThatDoNotFit() {
        byte[] model = new OnnxModelBuilder()
                .input("a", DType.FLOAT, 2, 3)
                .input("b", DType.FLOAT, 4, 5)
                .node("MatMul")
                .inputs("a", "b")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        refused(NnErrorCode.SHAPE_MISMATCH, () -> prepare(model));
        byte[] add = new OnnxModelBuilder()
                .input("a", DType.FLOAT, 2, 3)
                .input("b", DType.FLOAT, 2)
                .node("Add")
                .inputs("a", "b")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        refused(NnErrorCode.SHAPE_MISMATCH, () -> prepare(add));
    }

    @Test
    void hugeDeclaredInputShape() {
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 1L << 20, 1L << 20)
                .node("Relu")
                .inputs("x")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        refused(NnErrorCode.LIMIT_EXCEEDED, () -> prepare(model));
    }

    @Test
    void hugeInitializerDimsWithLittleData() {
        WireWriter tensor = new WireWriter()
                .packedVarints(1, new long[] {1L << 40})
                .varintField(2, 1)
                .stringField(8, "w")
                .bytesField(9, new byte[8]);
        byte[] model = withInitializer(tensor);
        refused(NnErrorCode.LIMIT_EXCEEDED, () -> OnnxModel.parse(model));
        WireWriter mismatched = new WireWriter()
                .packedVarints(1, new long[] {1000})
                .varintField(2, 1)
                .stringField(8, "w")
                .bytesField(9, new byte[8]);
        refused(NnErrorCode.MALFORMED_MODEL, () -> OnnxModel.parse(withInitializer(mismatched)));
    }

    @Test
    void hugeShapesMadeByOperators() {
        byte[] constantOfShape = new OnnxModelBuilder()
                .initializer("shape", Tensor.ofLongs(new int[] {2}, 1L << 20, 1L << 20))
                .node("ConstantOfShape")
                .inputs("shape")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        refused(NnErrorCode.LIMIT_EXCEEDED, () -> prepare(constantOfShape));
        byte[] outer = new OnnxModelBuilder()
                .input("a", DType.FLOAT, 1 << 16, 1)
                .input("b", DType.FLOAT, 1, 1 << 16)
                .node("Mul")
                .inputs("a", "b")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        refused(NnErrorCode.LIMIT_EXCEEDED, () -> prepare(outer));
    }

    @Test
    void bufferBudget() {
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 1024, 1024)
                .node("Relu")
                .inputs("x")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT)
                .build();
        NnLimits small = new NnLimits(1 << 20, 100, 1 << 22, 4 << 20, 8);
        NnException e = refused(
                NnErrorCode.LIMIT_EXCEEDED,
                () -> PreparedModel.prepare(OnnxModel.parse(model), PrepareOptions.DEFAULT.withLimits(small)));
        assertTrue(e.getMessage().contains("buffers"), e.getMessage());
    }

    @Test
    void modelAndNodeCountLimits() {
        byte[] model = identity().node("Relu").inputs("x").outputs("y").add().build();
        refused(NnErrorCode.LIMIT_EXCEEDED, () -> OnnxModel.parse(model, new NnLimits(10, 100, 1 << 20, 1 << 20, 8)));
        OnnxModelBuilder chain = new OnnxModelBuilder().input("x", DType.FLOAT, 2);
        String last = "x";
        for (int i = 0; i < 11; i++) {
            chain.node("Relu").inputs(last).outputs("v" + i).add();
            last = "v" + i;
        }
        byte[] eleven = chain.output(last, DType.FLOAT, 2).build();
        refused(
                NnErrorCode.LIMIT_EXCEEDED,
                () -> OnnxModel.parse(eleven, new NnLimits(1 << 20, 10, 1 << 20, 1 << 20, 8)));
    }

    @Test
    void externalData() {
        WireWriter entry = new WireWriter().stringField(1, "location").stringField(2, "weights.bin");
        WireWriter tensor = new WireWriter()
                .packedVarints(1, new long[] {2})
                .varintField(2, 1)
                .stringField(8, "w")
                .messageField(13, entry)
                .varintField(14, 1);
        NnException e = refused(NnErrorCode.EXTERNAL_DATA, () -> OnnxModel.parse(withInitializer(tensor)));
        assertTrue(e.getMessage().contains("'w'"), e.getMessage());
    }

    @Test
    void gatherIndexOutOfRange() {
        byte[] model = new OnnxModelBuilder()
                .initializer("table", Tensor.ofFloats(new int[] {3, 2}, 1, 2, 3, 4, 5, 6))
                .input("ids", DType.INT64, 2)
                .node("Gather")
                .inputs("table", "ids")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 2, 2)
                .build();
        PreparedModel prepared = prepare(model);
        Tensor ok = prepared.run(Map.of("ids", Tensor.ofLongs(new int[] {2}, 2, -3)))
                .output("y");
        assertEquals(Tensor.ofFloats(new int[] {2, 2}, 5, 6, 1, 2), ok);
        refused(NnErrorCode.INDEX_OUT_OF_RANGE, () -> prepared.run(Map.of("ids", Tensor.ofLongs(new int[] {2}, 0, 3))));
        byte[] constant = new OnnxModelBuilder()
                .initializer("table", Tensor.ofFloats(new int[] {3, 2}, 1, 2, 3, 4, 5, 6))
                .initializer("ids", Tensor.ofLongs(new int[] {1}, -4))
                .node("Gather")
                .inputs("table", "ids")
                .outputs("y")
                .add()
                .output("y", DType.FLOAT, 1, 2)
                .build();
        refused(NnErrorCode.INDEX_OUT_OF_RANGE, () -> prepare(constant));
    }

    @Test
    void trainingModeDropout() {
        byte[] model = identity()
                .initializer("ratio", Tensor.scalar(0.5f))
                .initializer("training", Tensor.ofBooleans(new int[0], true))
                .node("Dropout")
                .inputs("x", "ratio", "training")
                .outputs("y")
                .add()
                .build();
        refused(NnErrorCode.UNSUPPORTED_ATTRIBUTE, () -> prepare(model));
    }

    @Test
    void declaredOutputTypeMustMatch() {
        byte[] model = new OnnxModelBuilder()
                .input("x", DType.FLOAT, 2)
                .node("Relu")
                .inputs("x")
                .outputs("y")
                .add()
                .output("y", DType.INT64, 2)
                .build();
        refused(NnErrorCode.SHAPE_MISMATCH, () -> prepare(model));
    }

    private static byte[] withInitializer(WireWriter tensor) {
        WireWriter graph = new WireWriter().messageField(5, tensor);
        return new WireWriter()
                .varintField(1, 8)
                .messageField(7, graph)
                .messageField(8, new WireWriter().varintField(2, 17))
                .toByteArray();
    }
}
