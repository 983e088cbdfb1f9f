package io.lockstep.vm;

import static io.lockstep.vm.testing.VmFixture.deploy;
import static io.lockstep.vm.testing.VmFixture.invokeBoth;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.nn.DType;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorSpec;
import io.lockstep.vm.testing.OnnxWriter;
import io.lockstep.vm.testing.VmFixture;
import io.lockstep.vm.testing.Wat;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Inference from contracts through {@code wasi_ephemeral_nn}, on both engines. */
class WasiNnTest {

    // Memory layout of the contract (see image()).
    private static final int DENSE_BUILDER = 128;
    private static final int UNSUPPORTED_BUILDER = 136;
    private static final int GUARDED_BUILDER = 144;
    private static final int UNKNOWN_BUILDER = 152;
    private static final int SHORT_BUILDER = 160;
    private static final int GATED_BUILDER = 168;
    private static final int DENSE_NAME = 192;
    private static final int GUARDED_NAME = 200;
    private static final int UNKNOWN_NAME = 208;
    private static final int X_TENSOR = 320;
    private static final int X_WRONG_DIMS = 352;
    private static final int X_WRONG_TYPE = 384;
    private static final int IDX_TENSOR = 416;
    private static final int X_DATA_OUTSIDE_MEMORY = 448;
    private static final int X_WRONG_LENGTH = 480;
    private static final int X_DATA = 512;
    private static final int IDX_DATA = 544;
    private static final int GATED_HASH = 560;
    private static final int Q_TENSOR = 600;
    private static final int MASK_TENSOR = 624;
    private static final int BAD_MASK_TENSOR = 648;
    private static final int Q_DATA = 680;
    private static final int MASK_DATA = 688;
    private static final int BAD_MASK_DATA = 696;
    private static final byte[] Q = {-128, -1, 7, 127};
    private static final byte[] MASK = {1, 0, 1, 1};

    private static final int LOAD = 0;
    private static final int LOAD_BY_NAME = 1;
    private static final int ONNX = 1;
    private static final long FUEL = 100_000_000L;

    private static final float[] X = {1f, -2f, 3f, 0.5f, 0.25f, -1f};

    private static final String CONTRACT =
            """
            (module
              (import "wasi_ephemeral_nn" "load" (func $load (param i32 i32 i32 i32 i32) (result i32)))
              (import "wasi_ephemeral_nn" "load_by_name" (func $load_by_name (param i32 i32 i32) (result i32)))
              (import "wasi_ephemeral_nn" "init_execution_context" (func $init (param i32 i32) (result i32)))
              (import "wasi_ephemeral_nn" "set_input" (func $set_input (param i32 i32 i32) (result i32)))
              (import "wasi_ephemeral_nn" "compute" (func $compute (param i32) (result i32)))
              (import "wasi_ephemeral_nn" "get_output" (func $get_output (param i32 i32 i32 i32 i32) (result i32)))
              (import "lockstep" "set_return" (func $return (param i32 i32)))
              (import "lockstep" "fuel_left" (func $fuel_left (result i64)))
              (memory (export "memory") 1)
              (data (i32.const 0) "IMAGE")
              ;; Loads by builder array (kind 0) or by name (kind 1), runs one input and returns one output
              ;; through set_return. Result 0, or 16 * step + errno of the first call that failed (step 1
              ;; load, 2 init, 3 set_input, 4 compute, 5 get_output; for 5 the size written, shifted by 8).
              (func (export "infer") (param $kind i32) (param $p i32) (param $n i32) (param $encoding i32)
                    (param $in i32) (param $tensor i32) (param $out i32) (param $cap i32) (result i32)
                (local $e i32)
                (local.set $e (if (result i32) (local.get $kind)
                  (then (call $load_by_name (local.get $p) (local.get $n) (i32.const 256)))
                  (else (call $load (local.get $p) (local.get $n) (local.get $encoding) (i32.const 0) (i32.const 256)))))
                (if (local.get $e) (then (return (i32.add (i32.const 16) (local.get $e)))))
                (local.set $e (call $init (i32.load (i32.const 256)) (i32.const 260)))
                (if (local.get $e) (then (return (i32.add (i32.const 32) (local.get $e)))))
                (local.set $e (call $set_input (i32.load (i32.const 260)) (local.get $in) (local.get $tensor)))
                (if (local.get $e) (then (return (i32.add (i32.const 48) (local.get $e)))))
                (local.set $e (call $compute (i32.load (i32.const 260))))
                (if (local.get $e) (then (return (i32.add (i32.const 64) (local.get $e)))))
                (local.set $e (call $get_output (i32.load (i32.const 260)) (local.get $out) (i32.const 1024)
                  (local.get $cap) (i32.const 264)))
                (if (local.get $e) (then (return
                  (i32.or (i32.add (i32.const 80) (local.get $e)) (i32.shl (i32.load (i32.const 264)) (i32.const 8))))))
                (call $return (i32.const 1024) (i32.load (i32.const 264)))
                (i32.const 0))
              ;; Loads by builder array, sets inputs 0 and 1, computes and returns output 0 as infer does.
              (func (export "infer2") (param $p i32) (param $t0 i32) (param $t1 i32) (param $cap i32) (result i32)
                (local $e i32)
                (local.set $e (call $load (local.get $p) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 256)))
                (if (local.get $e) (then (return (i32.add (i32.const 16) (local.get $e)))))
                (local.set $e (call $init (i32.load (i32.const 256)) (i32.const 260)))
                (if (local.get $e) (then (return (i32.add (i32.const 32) (local.get $e)))))
                (local.set $e (call $set_input (i32.load (i32.const 260)) (i32.const 0) (local.get $t0)))
                (if (local.get $e) (then (return (i32.add (i32.const 48) (local.get $e)))))
                (local.set $e (call $set_input (i32.load (i32.const 260)) (i32.const 1) (local.get $t1)))
                (if (local.get $e) (then (return (i32.add (i32.const 48) (local.get $e)))))
                (local.set $e (call $compute (i32.load (i32.const 260))))
                (if (local.get $e) (then (return (i32.add (i32.const 64) (local.get $e)))))
                (local.set $e (call $get_output (i32.load (i32.const 260)) (i32.const 0) (i32.const 1024)
                  (local.get $cap) (i32.const 264)))
                (if (local.get $e) (then (return (i32.add (i32.const 80) (local.get $e)))))
                (call $return (i32.const 1024) (i32.load (i32.const 264)))
                (i32.const 0))
              ;; The fuel compute takes on the dense model: every static charge of this straight-line body
              ;; is paid on entry, so the difference is compute's host charge plus fuel_left's.
              (func (export "compute_fuel") (result i64) (local $before i64)
                (drop (call $load (i32.const 128) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 256)))
                (drop (call $init (i32.load (i32.const 256)) (i32.const 260)))
                (drop (call $set_input (i32.load (i32.const 260)) (i32.const 0) (i32.const 320)))
                (local.set $before (call $fuel_left))
                (drop (call $compute (i32.load (i32.const 260))))
                (i64.sub (local.get $before) (call $fuel_left)))
              ;; Calls out of order or with bad handles and arguments; one errno per nibble, first call lowest.
              (func (export "misuse") (result i32) (local $ctx i32) (local $r i32)
                (drop (call $load (i32.const 128) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 256)))
                (drop (call $init (i32.load (i32.const 256)) (i32.const 260)))
                (local.set $ctx (i32.load (i32.const 260)))
                (local.set $r (call $get_output (local.get $ctx) (i32.const 0) (i32.const 1024) (i32.const 64) (i32.const 264)))
                (local.set $r (i32.or (local.get $r) (i32.shl (call $compute (local.get $ctx)) (i32.const 4))))
                (local.set $r (i32.or (local.get $r) (i32.shl (call $init (i32.const 99) (i32.const 260)) (i32.const 8))))
                (local.set $r (i32.or (local.get $r) (i32.shl (call $compute (i32.const 7)) (i32.const 12))))
                (local.set $r (i32.or (local.get $r) (i32.shl
                  (call $load (i32.const 128) (i32.const 1) (i32.const 1) (i32.const 1) (i32.const 256)) (i32.const 16))))
                (local.set $r (i32.or (local.get $r) (i32.shl
                  (call $load (i32.const 128) (i32.const 1) (i32.const 1) (i32.const 9) (i32.const 256)) (i32.const 20))))
                (local.set $r (i32.or (local.get $r) (i32.shl
                  (call $load (i32.const 128) (i32.const 2) (i32.const 1) (i32.const 0) (i32.const 256)) (i32.const 24))))
                (local.set $r (i32.or (local.get $r) (i32.shl
                  (call $set_input (local.get $ctx) (i32.const 5) (i32.const 320)) (i32.const 28))))
                (local.get $r))
              ;; Loads the dense model until a load fails: 16 * loads attempted + errno of the last.
              (func (export "many_loads") (result i32) (local $i i32) (local $e i32)
                (loop $again
                  (local.set $e (call $load (i32.const 128) (i32.const 1) (i32.const 1) (i32.const 0) (i32.const 256)))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $again (i32.and (i32.eqz (local.get $e)) (i32.lt_u (local.get $i) (i32.const 100)))))
                (i32.add (i32.mul (local.get $i) (i32.const 16)) (local.get $e))))
            """;

    private static byte[] dense;
    private static byte[] unsupported;
    private static byte[] guarded;
    private static byte[] gated;
    private static ContractVm vm;
    private static DeployedCode code;

    @BeforeAll
    static void setUp() {
        dense = denseModel();
        unsupported = new OnnxWriter()
                .input("x", DType.FLOAT, 2, 3)
                .node("NoSuchOperator", List.of("x"), List.of("y"))
                .output("y", DType.FLOAT, 2, 3)
                .build();
        guarded = guardedModel();
        gated = gatedModel();
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        registry.register("dense", dense);
        registry.register(unsupported);
        registry.register("guarded", guarded);
        registry.register(gated);
        vm = new ContractVm(VmConfig.DEFAULT, registry);
        code = deploy(vm, Wat.compile(CONTRACT.replace("IMAGE", escaped(image()))));
    }

    @AfterAll
    static void tearDown() {
        vm.close();
    }

    /** y = Relu(x·W + b) as f32 [2,2], and k = ArgMax(y, axis 1) as int64 [2]. */
    private static byte[] denseModel() {
        return new OnnxWriter()
                .input("x", DType.FLOAT, 2, 3)
                .initializer("w", Tensor.ofFloats(new int[] {3, 2}, 0.1f, -0.2f, 0.3f, 0.4f, -0.5f, 0.6f))
                .initializer("b", Tensor.ofFloats(new int[] {2}, 0.05f, -0.1f))
                .node("Gemm", List.of("x", "w", "b"), List.of("h"))
                .node("Relu", List.of("h"), List.of("y"))
                .node("ArgMax", List.of("y"), List.of("k"), "axis", 1L, "keepdims", 0L)
                .output("y", DType.FLOAT, 2, 2)
                .output("k", DType.INT64, 2)
                .build();
    }

    /** y = mask ? float(q) : 0 for q int8 [4] and mask bool [4]: the two Lockstep tensor types. */
    private static byte[] gatedModel() {
        return new OnnxWriter()
                .input("q", DType.INT8, 4)
                .input("mask", DType.BOOL, 4)
                .initializer("zero", Tensor.ofFloats(new int[] {1}, 0f))
                .node("Cast", List.of("q"), List.of("qf"), "to", 1L)
                .node("Where", List.of("mask", "qf", "zero"), List.of("y"))
                .output("y", DType.FLOAT, 4)
                .build();
    }

    /**
     * A model whose first node fails at run time on an index out of range and whose later nodes cost
     * about 1.7e10 fuel: a compute that ran before being paid for would answer runtime_error.
     */
    private static byte[] guardedModel() {
        return new OnnxWriter()
                .input("idx", DType.INT64, 1)
                .initializer("data", Tensor.ofFloats(new int[] {2}, 1f, 2f))
                .initializer("shape", Tensor.ofLongs(new int[] {2}, 2048, 2048))
                .node("Gather", List.of("data", "idx"), List.of("g"))
                .node("ConstantOfShape", List.of("shape"), List.of("c"), "value", Tensor.ofFloats(new int[] {1}, 1f))
                .node("Add", List.of("c", "g"), List.of("a"))
                .node("MatMul", List.of("a", "a"), List.of("y"))
                .output("y", DType.FLOAT, 2048, 2048)
                .build();
    }

    /** The contract's first 1024 bytes of memory: hashes, builders, names, dims, tensor structs, data. */
    private static byte[] image() {
        ByteBuffer m = ByteBuffer.allocate(1024).order(ByteOrder.LITTLE_ENDIAN);
        m.put(0, ModelHash.of(dense).bytes());
        m.put(32, ModelHash.of(unsupported).bytes());
        m.put(64, ModelHash.of(guarded).bytes());
        // 96..127: a hash nothing is registered under (zeros)
        builder(m, DENSE_BUILDER, 0, 32);
        builder(m, UNSUPPORTED_BUILDER, 32, 32);
        builder(m, GUARDED_BUILDER, 64, 32);
        builder(m, UNKNOWN_BUILDER, 96, 32);
        builder(m, SHORT_BUILDER, 0, 31);
        m.put(GATED_HASH, ModelHash.of(gated).bytes());
        builder(m, GATED_BUILDER, GATED_HASH, 32);
        m.put(DENSE_NAME, "dense".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        m.put(GUARDED_NAME, "guarded".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        m.put(UNKNOWN_NAME, "nope".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        m.putInt(288, 2).putInt(292, 3); // dims [2, 3]
        m.putInt(296, 3).putInt(300, 2); // dims [3, 2]
        m.putInt(304, 1); // dims [1]
        m.putInt(308, 4); // dims [4]
        tensor(m, Q_TENSOR, 308, 1, 6, Q_DATA, 4);
        tensor(m, MASK_TENSOR, 308, 1, 7, MASK_DATA, 4);
        tensor(m, BAD_MASK_TENSOR, 308, 1, 7, BAD_MASK_DATA, 4);
        m.put(Q_DATA, Q).put(MASK_DATA, MASK).put(BAD_MASK_DATA, new byte[] {1, 0, 2, 1});
        tensor(m, X_TENSOR, 288, 2, 1, X_DATA, 24);
        tensor(m, X_WRONG_DIMS, 296, 2, 1, X_DATA, 24);
        tensor(m, X_WRONG_TYPE, 288, 2, 4, X_DATA, 24);
        tensor(m, IDX_TENSOR, 304, 1, 5, IDX_DATA, 8);
        tensor(m, X_DATA_OUTSIDE_MEMORY, 288, 2, 1, 0xFFFF_FFF0, 24);
        tensor(m, X_WRONG_LENGTH, 288, 2, 1, X_DATA, 20);
        for (int i = 0; i < X.length; i++) {
            m.putFloat(X_DATA + 4 * i, X[i]);
        }
        m.putLong(IDX_DATA, 5); // out of range for Gather's data of 2 elements
        return m.array();
    }

    private static void builder(ByteBuffer m, int at, int ptr, int len) {
        m.putInt(at, ptr).putInt(at + 4, len);
    }

    private static void tensor(ByteBuffer m, int at, int dimsPtr, int dimsLen, int type, int dataPtr, int dataLen) {
        m.putInt(at, dimsPtr).putInt(at + 4, dimsLen).put(at + 8, (byte) type);
        m.putInt(at + 12, dataPtr).putInt(at + 16, dataLen);
    }

    private static String escaped(byte[] bytes) {
        StringBuilder text = new StringBuilder();
        for (byte b : bytes) {
            text.append(String.format("\\%02x", b & 0xff));
        }
        return text.toString();
    }

    private static List<WasmValue> args(int... values) {
        List<WasmValue> args = new ArrayList<>();
        for (int v : values) {
            args.add(WasmValue.i32(v));
        }
        return args;
    }

    private static CallOutcome infer(long fuel, int... args) {
        return invokeBoth(vm, code, "infer", args(args), fuel);
    }

    private static int resultOf(CallOutcome outcome) {
        CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, outcome, VmFixture.describe(outcome));
        return (int) success.results().get(0).bits();
    }

    /** What deterministic-nn computes for the dense model on X, called directly. */
    private static Map<String, Tensor> direct() {
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(dense));
        return model.run(Map.of("x", Tensor.ofFloats(new int[] {2, 3}, X))).outputs();
    }

    @Test
    void loadsByHashAndReturnsWhatTheEngineComputesBitForBit() {
        CallOutcome y = infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024);
        CallOutcome k = infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 1, 1024);

        assertEquals(0, resultOf(y));
        assertArrayEquals(direct().get("y").toLittleEndianBytes(), ((CallOutcome.Success) y).returnData());
        assertEquals(0, resultOf(k));
        assertArrayEquals(direct().get("k").toLittleEndianBytes(), ((CallOutcome.Success) k).returnData());
        assertEquals(16, ((CallOutcome.Success) k).returnData().length, "two int64 indices");
    }

    @Test
    void eachComputeIsRecordedWithItsModelTensorDigestsAndFuel() throws Exception {
        CallOutcome.Success byHash =
                (CallOutcome.Success) infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024);
        CallOutcome.Success byName =
                (CallOutcome.Success) infer(FUEL, LOAD_BY_NAME, DENSE_NAME, 5, 0, 0, X_TENSOR, 0, 1024);

        assertEquals(1, byHash.inferences().size(), "one compute, one record");
        InferenceRecord record = byHash.inferences().get(0);
        assertEquals(ModelHash.of(dense), record.model());
        assertEquals(
                costs().inferenceFuel(
                                PreparedModel.prepare(OnnxModel.parse(dense)).cost()),
                record.fuel());
        Tensor x = Tensor.ofFloats(new int[] {2, 3}, X);
        assertEquals(List.of(new TensorDigest("x", "float", List.of(2, 3), sha256(x))), record.inputs());
        Map<String, Tensor> direct = direct();
        assertEquals(
                List.of(
                        new TensorDigest("y", "float", List.of(2, 2), sha256(direct.get("y"))),
                        new TensorDigest("k", "int64", List.of(2), sha256(direct.get("k")))),
                record.outputs());
        assertEquals(byHash.inferences(), byName.inferences(), "loaded by name, the same model and tensors");
        assertEquals(
                List.of(),
                ((CallOutcome.Success) invokeBoth(
                                vm, code, "infer", args(LOAD, DENSE_BUILDER, 1, 7, 0, X_TENSOR, 0, 1024), FUEL))
                        .inferences(),
                "a load that fails computes nothing and records nothing");
    }

    private static byte[] sha256(Tensor tensor) throws java.security.NoSuchAlgorithmException {
        return java.security.MessageDigest.getInstance("SHA-256").digest(tensor.toLittleEndianBytes());
    }

    @Test
    void loadsByNameTheSameModel() {
        CallOutcome byName = infer(FUEL, LOAD_BY_NAME, DENSE_NAME, 5, 0, 0, X_TENSOR, 0, 1024);
        CallOutcome byHash = infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024);

        assertEquals(0, resultOf(byName));
        assertArrayEquals(((CallOutcome.Success) byHash).returnData(), ((CallOutcome.Success) byName).returnData());
    }

    @Test
    void computeIsChargedTheModelsCostConvertedByTheSchedule() {
        long cost = PreparedModel.prepare(OnnxModel.parse(dense)).cost();
        CallOutcome outcome = invokeBoth(vm, code, "compute_fuel", List.of(), FUEL);

        CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, outcome);
        long charged = success.results().get(0).bits();
        assertEquals(cost, costs().inferenceFuel(cost), "schedule 3 converts inference fuel one to one");
        assertEquals(costs().inferenceFuel(cost) + 2L * costs().hostCallBase(), charged);
    }

    @Test
    void aCallThatCannotPayForTheModelRunsOutOfFuelBeforeItRuns() {
        long cost = PreparedModel.prepare(OnnxModel.parse(guarded)).cost();
        assertTrue(costs().inferenceFuel(cost) > 10_000_000_000L, "the guarded model must be expensive: " + cost);

        CallOutcome starved = infer(1_000_000_000L, LOAD_BY_NAME, GUARDED_NAME, 7, 0, 0, IDX_TENSOR, 0, 1024);
        CallOutcome paid = infer(Long.MAX_VALUE / 2, LOAD_BY_NAME, GUARDED_NAME, 7, 0, 0, IDX_TENSOR, 0, 1024);

        assertInstanceOf(CallOutcome.OutOfFuel.class, starved, VmFixture.describe(starved));
        assertEquals(1_000_000_000L, starved.fuelUsed());
        // With the fuel, the run starts and stops at its first node: runtime_error from compute (step 4).
        assertEquals(64 + 5, resultOf(paid));
        assertTrue(paid.fuelUsed() > costs().inferenceFuel(cost), "the whole run is paid up front");
    }

    @Test
    void unknownModelsAreNotFound() {
        assertEquals(16 + 8, resultOf(infer(FUEL, LOAD, UNKNOWN_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024)));
        assertEquals(16 + 8, resultOf(infer(FUEL, LOAD_BY_NAME, UNKNOWN_NAME, 4, 0, 0, X_TENSOR, 0, 1024)));
    }

    @Test
    void loadRefusesOtherEncodingsBadBuildersAndUnsupportedModels() {
        assertEquals(16 + 2, resultOf(infer(FUEL, LOAD, DENSE_BUILDER, 1, 0, 0, X_TENSOR, 0, 1024)), "openvino");
        assertEquals(16 + 2, resultOf(infer(FUEL, LOAD, DENSE_BUILDER, 1, 5, 0, X_TENSOR, 0, 1024)), "autodetect");
        assertEquals(16 + 1, resultOf(infer(FUEL, LOAD, SHORT_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024)));
        assertEquals(16 + 6, resultOf(infer(FUEL, LOAD, UNSUPPORTED_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024)));
    }

    @Test
    void setInputRefusesWrongIndexDimsTypeAndLength() {
        assertEquals(48 + 1, resultOf(infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 1, X_TENSOR, 0, 1024)), "index");
        assertEquals(48 + 1, resultOf(infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_WRONG_DIMS, 0, 1024)), "dims");
        assertEquals(48 + 1, resultOf(infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_WRONG_TYPE, 0, 1024)), "type");
        assertEquals(48 + 1, resultOf(infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_WRONG_LENGTH, 0, 1024)));
    }

    @Test
    void int8AndBoolInputsPassWithLockstepsTensorTypes() {
        CallOutcome y = invokeBoth(vm, code, "infer2", args(GATED_BUILDER, Q_TENSOR, MASK_TENSOR, 64), FUEL);
        assertEquals(0, resultOf(y));
        PreparedModel model = PreparedModel.prepare(OnnxModel.parse(gated));
        Tensor expected = model.run(Map.of(
                        "q", Tensor.fromLittleEndianBytes(DType.INT8, new int[] {4}, Q),
                        "mask", Tensor.fromLittleEndianBytes(DType.BOOL, new int[] {4}, MASK)))
                .outputs()
                .get("y");
        byte[] returned = ((CallOutcome.Success) y).returnData();
        assertArrayEquals(expected.toLittleEndianBytes(), returned);
        ByteBuffer values = ByteBuffer.wrap(returned).order(ByteOrder.LITTLE_ENDIAN);
        assertEquals(-128f, values.getFloat(0));
        assertEquals(0f, values.getFloat(4), "masked out");
        assertEquals(127f, values.getFloat(12));
    }

    @Test
    void boolBytesOtherThanZeroAndOneAreRefused() {
        CallOutcome y = invokeBoth(vm, code, "infer2", args(GATED_BUILDER, Q_TENSOR, BAD_MASK_TENSOR, 64), FUEL);
        assertEquals(48 + 1, resultOf(y));
        CallOutcome swapped = invokeBoth(vm, code, "infer2", args(GATED_BUILDER, MASK_TENSOR, Q_TENSOR, 64), FUEL);
        assertEquals(48 + 1, resultOf(swapped), "a bool tensor where the model wants int8");
    }

    @Test
    void prepareModelReportsWhatContractsWillFind() {
        ModelStatus.Ready ready = assertInstanceOf(ModelStatus.Ready.class, vm.prepareModel(ModelHash.of(dense)));
        long cost = PreparedModel.prepare(OnnxModel.parse(dense)).cost();
        assertEquals(cost, ready.inferenceCost());
        assertEquals(vm.config().costs().inferenceFuel(cost), ready.computeFuel());
        assertEquals(List.of("x"), ready.inputs().stream().map(TensorSpec::name).toList());
        assertEquals(
                List.of("y", "k"),
                ready.outputs().stream().map(TensorSpec::name).toList());

        ModelStatus.Refused refused =
                assertInstanceOf(ModelStatus.Refused.class, vm.prepareModel(ModelHash.of(unsupported)));
        assertEquals("unsupported_operation", refused.errno());
        assertEquals("UNSUPPORTED_OPERATOR", refused.code());
        assertTrue(refused.message().contains("NoSuchOperator"), refused.message());

        ModelHash nowhere = ModelHash.of(new byte[] {1, 2, 3});
        assertEquals(new ModelStatus.NotFound(nowhere), vm.prepareModel(nowhere));
    }

    @Test
    void aModelPreparedBeforeItsRegistrationIsFoundOnlyOnceRegistered() {
        InMemoryModelRegistry registry = new InMemoryModelRegistry();
        try (ContractVm fresh = new ContractVm(VmConfig.DEFAULT, registry)) {
            assertInstanceOf(ModelStatus.Ready.class, fresh.prepareModel(dense));
            DeployedCode same = deploy(fresh, Wat.compile(CONTRACT.replace("IMAGE", escaped(image()))));
            List<WasmValue> args = args(LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024);
            assertEquals(16 + 8, resultOf(invokeBoth(fresh, same, "infer", args, FUEL)), "not_found before");
            registry.register(dense);
            CallOutcome after = invokeBoth(fresh, same, "infer", args, FUEL);
            assertEquals(0, resultOf(after));
            assertArrayEquals(direct().get("y").toLittleEndianBytes(), ((CallOutcome.Success) after).returnData());

            ModelStatus.Refused refused = assertInstanceOf(ModelStatus.Refused.class, fresh.prepareModel(unsupported));
            assertEquals("unsupported_operation", refused.errno());
        }
    }

    @Test
    void aCallsOwnRegistryDecidesWhatItsLoadsFind() {
        InMemoryModelRegistry empty = new InMemoryModelRegistry();
        InMemoryModelRegistry withDense = new InMemoryModelRegistry();
        withDense.register("dense", dense);
        try (ContractVm fresh = new ContractVm(VmConfig.DEFAULT, empty)) {
            DeployedCode same = deploy(fresh, Wat.compile(CONTRACT.replace("IMAGE", escaped(image()))));
            List<WasmValue> byHash = args(LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024);
            List<WasmValue> byName = args(LOAD_BY_NAME, DENSE_NAME, 5, 0, 0, X_TENSOR, 0, 1024);
            CallContext context = CallContext.empty(new InMemoryContractStorage());
            for (Engine engine : Engine.values()) {
                assertEquals(16 + 8, resultOf(fresh.invoke(same, "infer", byHash, context, FUEL, engine)));
                CallOutcome found = fresh.invoke(same, "infer", byHash, context, withDense, FUEL, engine);
                assertArrayEquals(direct().get("y").toLittleEndianBytes(), ((CallOutcome.Success) found).returnData());
                CallOutcome named = fresh.invoke(same, "infer", byName, context, withDense, FUEL, engine);
                assertEquals(0, resultOf(named));
                // The model is prepared now, but the VM's own registry still does not have it.
                assertEquals(16 + 8, resultOf(fresh.invoke(same, "infer", byHash, context, FUEL, engine)));
                assertEquals(16 + 8, resultOf(fresh.invoke(same, "infer", byHash, context, empty, FUEL, engine)));
            }
        }
    }

    @Test
    void getOutputRefusesABadIndexAndReportsTheSizeABufferNeeds() {
        assertEquals(80 + 1, resultOf(infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 2, 1024)));
        int tooSmall = resultOf(infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 15));
        assertEquals(80 + 7, tooSmall & 0xff, "too_large");
        assertEquals(16, tooSmall >>> 8, "the size needed");
    }

    @Test
    void handlesAndCallOrderAreChecked() {
        int errnos = resultOf(invokeBoth(vm, code, "misuse", List.of(), FUEL));

        int[] expected = {
            1, // get_output before compute
            1, // compute before set_input
            1, // init_execution_context of an unknown graph
            1, // compute of an unknown context
            6, // load for the gpu
            1, // load for an unknown target
            1, // load with two builders
            1 // set_input of an input the model does not have
        };
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], (errnos >>> (4 * i)) & 0xf, "call " + i + " of " + Integer.toHexString(errnos));
        }
    }

    @Test
    void aCallLoadsAtMostSixteenGraphs() {
        assertEquals(17 * 16 + 7, resultOf(invokeBoth(vm, code, "many_loads", List.of(), FUEL)));
    }

    @Test
    void pointersOutsideMemoryTrap() {
        for (int tensor : new int[] {X_DATA_OUTSIDE_MEMORY, -1, 65_530}) {
            CallOutcome outcome = infer(FUEL, LOAD, DENSE_BUILDER, 1, ONNX, 0, tensor, 0, 1024);
            CallOutcome.Trapped trapped = assertInstanceOf(CallOutcome.Trapped.class, outcome);
            assertEquals(TrapKind.HOST_ABI_VIOLATION, trapped.kind());
        }
        CallOutcome builders = infer(FUEL, LOAD, 65_535, 1, ONNX, 0, X_TENSOR, 0, 1024);
        assertEquals(
                TrapKind.HOST_ABI_VIOLATION,
                assertInstanceOf(CallOutcome.Trapped.class, builders).kind());
    }

    @Test
    void aModuleWithoutMemoryIsToldSo() {
        byte[] wasm = Wat.compile(
                """
                (module
                  (import "wasi_ephemeral_nn" "load_by_name" (func $load_by_name (param i32 i32 i32) (result i32)))
                  (func (export "f") (result i32) (call $load_by_name (i32.const 0) (i32.const 5) (i32.const 0))))
                """);
        assertEquals(3, resultOf(invokeBoth(vm, deploy(vm, wasm), "f", List.of(), FUEL)));
    }

    @Test
    void aScheduleWithoutInferencePricesRefusesTheImports() {
        CostTable v6 = CostTable.V6;
        CostTable noInference = new CostTable(
                v6.version(),
                v6.simple(),
                v6.integerDivision(),
                v6.floatOp(),
                v6.floatDivision(),
                v6.memoryAccess(),
                v6.branch(),
                v6.brTable(),
                v6.call(),
                v6.callIndirect(),
                v6.memorySize(),
                v6.memoryGrowBase(),
                v6.memoryGrowPerPage(),
                v6.bulkBase(),
                v6.bulkPerKiB(),
                v6.tableBulkPerElement(),
                v6.hostCallBase(),
                v6.storageRead(),
                v6.storageWrite(),
                v6.storageFirstWrite(),
                v6.storageNewKey(),
                v6.storagePerByte(),
                v6.hostPerKiB(),
                v6.logBase(),
                v6.logPerTopic(),
                v6.logPerByte(),
                v6.returnPerByte(),
                v6.instantiateBase(),
                v6.instantiatePerPage(),
                0,
                0);
        try (ContractVm plain = new ContractVm(VmConfig.DEFAULT.withCosts(noInference), new InMemoryModelRegistry())) {
            DeployResult.Rejected rejected = VmFixture.rejected(plain, Wat.compile(CONTRACT.replace("IMAGE", "")));
            assertEquals(RejectReason.IMPORT_NOT_ALLOWED, rejected.reason());
            assertTrue(rejected.message().contains("wasi_ephemeral_nn"), rejected.message());
        }
    }

    @Test
    void concurrentCallsOfOneModelAgree() throws Exception {
        byte[] expected = direct().get("y").toLittleEndianBytes();
        ExecutorService callers = Executors.newFixedThreadPool(4);
        try {
            List<Future<CallOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                Engine engine = i % 2 == 0 ? Engine.COMPILED : Engine.INTERPRETER;
                calls.add(callers.submit(() -> vm.invoke(
                        code, "infer", args(LOAD, DENSE_BUILDER, 1, ONNX, 0, X_TENSOR, 0, 1024), FUEL, engine)));
            }
            long fuel = -1;
            for (Future<CallOutcome> call : calls) {
                CallOutcome.Success success = assertInstanceOf(CallOutcome.Success.class, call.get());
                assertArrayEquals(expected, success.returnData(), Arrays.toString(success.returnData()));
                fuel = fuel < 0 ? success.fuelUsed() : fuel;
                assertEquals(fuel, success.fuelUsed());
            }
        } finally {
            callers.shutdownNow();
        }
    }

    private static CostTable costs() {
        return vm.config().costs();
    }
}
