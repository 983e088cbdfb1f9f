package io.lockstep.vm.sdk;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.lockstep.nn.DType;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.ModelHash;
import io.lockstep.vm.local.LocalChain;
import io.lockstep.vm.testing.OnnxWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Int64;
import org.web3j.abi.datatypes.generated.Uint32;

/**
 * The SDK's WASI-NN wrapper on the real VM: an AssemblyScript contract loads a registered model by name
 * and by hash, sets an f32 input, computes and reads its outputs, which must be deterministic-nn's own
 * result to the bit, on both engines.
 */
class AssemblyScriptInferenceTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final float[] X = {1f, -2f, 3f, 0.5f, 0.25f, -1f};

    private static LocalChain chain;
    private static LocalChain.Contract contract;
    private static byte[] model;

    /** The chain runs every call on both engines and fails the test if they differ in anything. */
    private static synchronized LocalChain.Contract contract() throws IOException {
        if (contract == null) {
            Path build =
                    SdkBuild.build(SdkBuild.repositoryRoot().resolve("sdk/assemblyscript/test/fixtures/inference"));
            model = denseModel();
            chain = new LocalChain();
            chain.registerModel("dense", model);
            contract = chain.deploy(build.resolve("inference.wasm"));
        }
        return contract;
    }

    @AfterAll
    static void close() {
        if (chain != null) {
            chain.close();
        }
    }

    /** y = Relu(x·W + b) as f32 [2,2], and k = ArgMax(y, axis 1) as int64 [2]. */
    private static byte[] denseModel() {
        return new OnnxWriter()
                .input("x", DType.FLOAT, 2, 3)
                .initializer("w", Tensor.ofFloats(new int[] {3, 2}, 0.7f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f))
                .initializer("b", Tensor.ofFloats(new int[] {2}, 0.05f, -0.1f))
                .node("Gemm", List.of("x", "w", "b"), List.of("h"))
                .node("Relu", List.of("h"), List.of("y"))
                .node("ArgMax", List.of("y"), List.of("k"), "axis", 1L, "keepdims", 0L)
                .output("y", DType.FLOAT, 2, 2)
                .output("k", DType.INT64, 2)
                .build();
    }

    private static Map<String, Tensor> direct() {
        return PreparedModel.prepare(OnnxModel.parse(model))
                .run(Map.of("x", Tensor.ofFloats(new int[] {2, 3}, X)))
                .outputs();
    }

    private static byte[] xBytes() {
        ByteBuffer buffer = ByteBuffer.allocate(4 * X.length).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : X) {
            buffer.putFloat(v);
        }
        return buffer.array();
    }

    @Test
    void inferenceByNameReturnsTheEnginesOutputBits() throws IOException {
        contract();
        CallOutcome.Success success = assertInstanceOf(
                CallOutcome.Success.class,
                chain.call(contract, call("inferByName", List.of(new Utf8String("dense"), new DynamicBytes(xBytes())))),
                "inferByName");
        List<Type> out = decode(success.returnData(), new TypeReference<DynamicBytes>() {});
        assertArrayEquals(
                direct().get("y").toLittleEndianBytes(), (byte[]) out.get(0).getValue());
        System.out.println("inference by name: fuel " + success.fuelUsed());
    }

    @Test
    void inferenceByHashReturnsTheArgMax() throws IOException {
        contract();
        Bytes32 hash = new Bytes32(ModelHash.of(model).bytes());
        CallOutcome.Success success = assertInstanceOf(
                CallOutcome.Success.class,
                chain.call(contract, call("classifyByHash", List.of(hash, new DynamicBytes(xBytes())))));
        List<Type> out = decode(success.returnData(), new TypeReference<DynamicArray<Int64>>() {});
        @SuppressWarnings("unchecked")
        List<Int64> classes = ((DynamicArray<Int64>) out.get(0)).getValue();
        long[] expected = direct().get("k").toLongArray();
        assertEquals(expected.length, classes.size());
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], classes.get(i).getValue().longValue());
        }
    }

    @Test
    void unknownModelsGiveNotFoundOrRevertWithTheErrnoName() throws IOException {
        contract();
        CallOutcome.Success errno = assertInstanceOf(
                CallOutcome.Success.class, chain.call(contract, call("loadErrno", List.of(new Utf8String("missing")))));
        assertEquals(
                8L,
                ((Number) decode(errno.returnData(), new TypeReference<Uint32>() {})
                                .get(0)
                                .getValue())
                        .longValue());

        CallOutcome.Reverted reverted = assertInstanceOf(
                CallOutcome.Reverted.class,
                chain.call(
                        contract, call("inferByName", List.of(new Utf8String("missing"), new DynamicBytes(xBytes())))));
        assertEquals("08c379a0", HEX.formatHex(reverted.reason(), 0, 4));
        List<Type> reason = FunctionReturnDecoder.decode(
                "0x" + HEX.formatHex(reverted.reason(), 4, reverted.reason().length),
                List.of(raw(new TypeReference<Utf8String>() {})));
        assertEquals("WASI-NN load_by_name: not_found", reason.get(0).getValue());
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static byte[] call(String name, List<? extends Type> args) {
        Function function = new Function(name, (List<Type>) (List) args, List.of());
        return HEX.parseHex(FunctionEncoder.encode(function).substring(2));
    }

    private static List<Type> decode(byte[] data, TypeReference<?> type) {
        return FunctionReturnDecoder.decode("0x" + HEX.formatHex(data), List.of(raw(type)));
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static TypeReference<Type> raw(TypeReference<?> type) {
        return (TypeReference) type;
    }
}
