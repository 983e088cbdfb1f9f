package io.lockstep.vm.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.lockstep.nn.DType;
import io.lockstep.nn.NnException;
import io.lockstep.nn.RunResult;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorSpec;
import io.lockstep.vm.InferenceRecord;
import io.lockstep.vm.ModelHash;
import io.lockstep.vm.TensorDigest;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Inference for contracts: the functions of module {@code wasi_ephemeral_nn}, with the signatures, the
 * struct layouts and the {@code nn_errno} numbering of the WASI-NN witx ABI that wasmtime and WasmEdge
 * implement, backed by deterministic-nn. Specified in {@code docs/spec/abi.md} (section WASI-NN).
 *
 * <p>Models are the chain's: {@code load} takes one builder holding a registered model's SHA-256 (not
 * model bytes), {@code load_by_name} a registered name. Every function charges fuel before it does the
 * work the charge pays for; {@code compute} charges the model's whole inference fuel before it runs.
 * Pointers outside memory trap ({@code HOST_ABI_VIOLATION}), like the rest of the host ABI; every other
 * refusal is an errno the contract can handle.
 */
public final class WasiNn {

    public static final String MODULE = "wasi_ephemeral_nn";

    /** {@code graph_encoding.onnx}: the only encoding accepted. */
    static final int ENCODING_ONNX = 1;
    /** {@code execution_target}: cpu, gpu, tpu; only cpu is offered (results never depend on it). */
    static final int TARGET_CPU = 0;

    static final int TARGET_TPU = 2;
    static final int MAX_GRAPHS = 16;
    static final int MAX_CONTEXTS = 16;
    static final int MAX_DIMS = 8;
    static final int MAX_NAME_BYTES = 256;
    static final long MAX_TENSOR_BYTES = 16L * 1024 * 1024;
    static final long MAX_INPUT_BYTES_PER_CALL = 64L * 1024 * 1024;

    /** {@code tensor}: dims (ptr, len), type (u8, then 3 bytes of padding), data (ptr, len). */
    static final int TENSOR_STRUCT_BYTES = 20;
    /** One {@code graph_builder}: (ptr, len). */
    static final int BUILDER_BYTES = 8;

    private static final ValType I32 = ValType.I32;

    private record Spec(String name, FunctionType type, Handler handler) {}

    @FunctionalInterface
    private interface Handler {
        NnErrno apply(HostSession session, long[] args);
    }

    private static final List<Spec> SPECS = List.of(
            spec("load", 5, WasiNn::load),
            spec("load_by_name", 3, WasiNn::loadByName),
            spec("init_execution_context", 2, WasiNn::initExecutionContext),
            spec("set_input", 3, WasiNn::setInput),
            spec("compute", 1, WasiNn::compute),
            spec("get_output", 5, WasiNn::getOutput));

    private WasiNn() {}

    private static Spec spec(String name, int params, Handler handler) {
        List<ValType> types = new ArrayList<>();
        for (int i = 0; i < params; i++) {
            types.add(I32);
        }
        return new Spec(name, FunctionType.of(types, List.of(I32)), handler);
    }

    /** Every function's signature, for the deploy-time import check. */
    public static Map<String, FunctionType> signatures() {
        Map<String, FunctionType> functions = new LinkedHashMap<>();
        for (Spec spec : SPECS) {
            functions.put(spec.name, spec.type);
        }
        return Map.copyOf(functions);
    }

    /** The functions bound to one call's session. */
    static List<ImportFunction> functions(HostSession session) {
        List<ImportFunction> functions = new ArrayList<>();
        for (Spec spec : SPECS) {
            WasmFunctionHandle handle = (instance, args) ->
                    new long[] {spec.handler.apply(session, args).code()};
            functions.add(new HostFunction(MODULE, spec.name, spec.type, handle));
        }
        return functions;
    }

    // ---- load, load_by_name

    private static NnErrno load(HostSession s, long[] a) {
        long buildersPtr = u32(a[0]);
        long builderCount = u32(a[1]);
        long encoding = u32(a[2]);
        long target = u32(a[3]);
        s.charge(s.costs.hostCallBase() + s.costs.nnLoad() + s.costs.hostBytes(BUILDER_BYTES + ModelHash.LENGTH));
        if (!s.hasMemory()) {
            return NnErrno.MISSING_MEMORY;
        }
        if (encoding != ENCODING_ONNX) {
            return NnErrno.INVALID_ENCODING;
        }
        NnErrno targetCheck = checkTarget(target);
        if (targetCheck != NnErrno.SUCCESS) {
            return targetCheck;
        }
        if (builderCount != 1) {
            return NnErrno.INVALID_ARGUMENT;
        }
        ByteBuffer builder = le(s.read((int) buildersPtr, BUILDER_BYTES));
        long hashPtr = u32(builder.getInt(0));
        long hashLen = u32(builder.getInt(4));
        if (hashLen != ModelHash.LENGTH) {
            return NnErrno.INVALID_ARGUMENT;
        }
        if (s.inference.graphCount() >= MAX_GRAPHS) {
            return NnErrno.TOO_LARGE;
        }
        ModelHash hash = ModelHash.fromBytes(s.read((int) hashPtr, ModelHash.LENGTH));
        return addGraph(s, s.inference.models.byHash(hash), a[4]);
    }

    private static NnErrno checkTarget(long target) {
        if (target == TARGET_CPU) {
            return NnErrno.SUCCESS;
        }
        return target <= TARGET_TPU ? NnErrno.UNSUPPORTED_OPERATION : NnErrno.INVALID_ARGUMENT;
    }

    private static NnErrno loadByName(HostSession s, long[] a) {
        long namePtr = u32(a[0]);
        long nameLen = u32(a[1]);
        s.charge(s.costs.hostCallBase() + s.costs.nnLoad() + s.costs.hostBytes(Math.min(nameLen, MAX_NAME_BYTES + 1)));
        if (!s.hasMemory()) {
            return NnErrno.MISSING_MEMORY;
        }
        if (nameLen > MAX_NAME_BYTES) {
            return NnErrno.TOO_LARGE;
        }
        if (nameLen == 0) {
            return NnErrno.INVALID_ARGUMENT;
        }
        if (s.inference.graphCount() >= MAX_GRAPHS) {
            return NnErrno.TOO_LARGE;
        }
        String name;
        try {
            name = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(s.read((int) namePtr, (int) nameLen)))
                    .toString();
        } catch (CharacterCodingException e) {
            return NnErrno.INVALID_ARGUMENT;
        }
        return addGraph(s, s.inference.models.byName(name), a[2]);
    }

    private static NnErrno addGraph(HostSession s, ModelCache.Lookup lookup, long graphOutPtr) {
        if (lookup instanceof ModelCache.Refused refused) {
            return refused.errno();
        }
        ModelPool model = ((ModelCache.Found) lookup).model();
        writeU32(s, graphOutPtr, s.inference.graphCount());
        s.inference.addGraph(model);
        return NnErrno.SUCCESS;
    }

    // ---- init_execution_context

    private static NnErrno initExecutionContext(HostSession s, long[] a) {
        s.charge(s.costs.hostCallBase() + s.costs.hostBytes(4));
        if (!s.hasMemory()) {
            return NnErrno.MISSING_MEMORY;
        }
        ModelPool model = s.inference.graph(u32(a[0]));
        if (model == null) {
            return NnErrno.INVALID_ARGUMENT;
        }
        if (s.inference.contextCount() >= MAX_CONTEXTS) {
            return NnErrno.TOO_LARGE;
        }
        writeU32(s, a[1], s.inference.contextCount());
        s.inference.addContext(new InferenceSession.Context(model));
        return NnErrno.SUCCESS;
    }

    // ---- set_input

    private static NnErrno setInput(HostSession s, long[] a) {
        s.charge(s.costs.hostCallBase() + s.costs.hostBytes(TENSOR_STRUCT_BYTES));
        if (!s.hasMemory()) {
            return NnErrno.MISSING_MEMORY;
        }
        ByteBuffer tensor = le(s.read((int) a[2], TENSOR_STRUCT_BYTES));
        long dimsPtr = u32(tensor.getInt(0));
        long dimsLen = u32(tensor.getInt(4));
        int typeTag = tensor.get(8) & 0xff;
        long dataPtr = u32(tensor.getInt(12));
        long dataLen = u32(tensor.getInt(16));

        InferenceSession.Context context = s.inference.context(u32(a[0]));
        long index = u32(a[1]);
        if (context == null || index >= context.inputs.length) {
            return NnErrno.INVALID_ARGUMENT;
        }
        TensorSpec spec = context.model.inputs().get((int) index);
        NnErrno typeCheck = checkType(typeTag, spec.dtype());
        if (typeCheck != NnErrno.SUCCESS) {
            return typeCheck;
        }
        if (dimsLen > MAX_DIMS || dataLen > MAX_TENSOR_BYTES) {
            return NnErrno.TOO_LARGE;
        }
        s.charge(s.costs.hostBytes(dimsLen * 4));
        ByteBuffer dimBytes = le(s.read((int) dimsPtr, (int) dimsLen * 4));
        int[] expected = spec.shape();
        if (dimsLen != expected.length) {
            return NnErrno.INVALID_ARGUMENT;
        }
        for (int i = 0; i < expected.length; i++) {
            if (u32(dimBytes.getInt(i * 4)) != expected[i]) {
                return NnErrno.INVALID_ARGUMENT;
            }
        }
        long size = (long) spec.dtype().byteSize();
        for (int d : expected) {
            size *= d;
        }
        if (dataLen != size) {
            return NnErrno.INVALID_ARGUMENT;
        }
        if (s.inference.inputBytes() + dataLen > MAX_INPUT_BYTES_PER_CALL) {
            return NnErrno.TOO_LARGE;
        }
        s.charge(s.costs.hostBytes(dataLen));
        byte[] data = s.read((int) dataPtr, (int) dataLen);
        if (spec.dtype() == DType.BOOL && !zeroesAndOnes(data)) {
            return NnErrno.INVALID_ARGUMENT;
        }
        s.inference.addInputBytes(dataLen);
        context.inputs[(int) index] = Tensor.fromLittleEndianBytes(spec.dtype(), expected, data);
        return NnErrno.SUCCESS;
    }

    /** A bool tensor's bytes: each must be 0 or 1, so that no two encodings mean the same input. */
    private static boolean zeroesAndOnes(byte[] data) {
        for (byte b : data) {
            if ((b & 0xfe) != 0) {
                return false;
            }
        }
        return true;
    }

    /** The {@code tensor_type} tag against the element type the model's input declares. */
    private static NnErrno checkType(int tag, DType expected) {
        if (tag > TensorTypes.MAX_TAG) {
            return NnErrno.INVALID_ARGUMENT;
        }
        DType given = TensorTypes.dtypeOf(tag);
        if (given == null) {
            return NnErrno.UNSUPPORTED_OPERATION;
        }
        return given == expected ? NnErrno.SUCCESS : NnErrno.INVALID_ARGUMENT;
    }

    // ---- compute

    private static NnErrno compute(HostSession s, long[] a) {
        s.charge(s.costs.hostCallBase());
        InferenceSession.Context context = s.inference.context(u32(a[0]));
        if (context == null) {
            return NnErrno.INVALID_ARGUMENT;
        }
        List<TensorSpec> specs = context.model.inputs();
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            if (context.inputs[i] == null) {
                return NnErrno.INVALID_ARGUMENT;
            }
            inputs.put(specs.get(i).name(), context.inputs[i]);
        }
        // The whole run is paid before it starts: a call that cannot afford it does no inference.
        long runFuel = s.costs.inferenceFuel(context.model.cost());
        s.charge(runFuel);
        RunResult result;
        try {
            result = context.model.run(inputs);
        } catch (NnException e) {
            return NnErrno.of(e.code());
        }
        List<Tensor> outputs = new ArrayList<>();
        for (TensorSpec spec : context.model.outputs()) {
            outputs.add(result.output(spec.name()));
        }
        context.outputs = outputs;
        s.inference.addRecord(new InferenceRecord(
                context.model.hash(),
                digests(specs, inputs.values()),
                digests(context.model.outputs(), outputs),
                runFuel));
        return NnErrno.SUCCESS;
    }

    private static List<TensorDigest> digests(List<TensorSpec> specs, java.util.Collection<Tensor> tensors) {
        List<TensorDigest> out = new ArrayList<>(tensors.size());
        int i = 0;
        for (Tensor tensor : tensors) {
            out.add(TensorDigest.of(specs.get(i++).name(), tensor));
        }
        return out;
    }

    // ---- get_output

    private static NnErrno getOutput(HostSession s, long[] a) {
        long outPtr = u32(a[2]);
        long outMaxLen = u32(a[3]);
        s.charge(s.costs.hostCallBase() + s.costs.hostBytes(4));
        if (!s.hasMemory()) {
            return NnErrno.MISSING_MEMORY;
        }
        InferenceSession.Context context = s.inference.context(u32(a[0]));
        long index = u32(a[1]);
        if (context == null || context.outputs == null || index >= context.outputs.size()) {
            return NnErrno.INVALID_ARGUMENT;
        }
        Tensor output = context.outputs.get((int) index);
        long length = (long) output.size() * output.dtype().byteSize();
        if (length > outMaxLen) {
            // The size needed is still reported, so that a contract can size its buffer and try again.
            writeU32(s, a[4], length);
            return NnErrno.TOO_LARGE;
        }
        s.charge(s.costs.hostBytes(length));
        s.write((int) outPtr, output.toLittleEndianBytes());
        writeU32(s, a[4], length);
        return NnErrno.SUCCESS;
    }

    // ---- memory helpers

    private static long u32(long value) {
        return value & 0xFFFF_FFFFL;
    }

    private static ByteBuffer le(byte[] bytes) {
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void writeU32(HostSession s, long ptr, long value) {
        byte[] bytes = new byte[4];
        le(bytes).putInt(0, (int) value);
        s.write((int) ptr, bytes);
    }
}
