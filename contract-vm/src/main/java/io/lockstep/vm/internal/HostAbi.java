package io.lockstep.vm.internal;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.WasmFunctionHandle;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.lockstep.vm.CostTable;
import io.lockstep.vm.LogEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Host ABI version 1: the functions a contract imports from module {@code lockstep}. Specified in
 * {@code docs/spec/abi.md}; every function charges fuel before it does any work. Storage writes, logs,
 * return data and revert reasons also pay for what the chain keeps of them ({@link StorageCharges},
 * {@code docs/spec/fuel.md}).
 */
public final class HostAbi {

    public static final String MODULE = "lockstep";
    public static final int VERSION = 1;

    public static final int MAX_KEY_BYTES = 256;
    public static final int MAX_VALUE_BYTES = 64 * 1024;
    public static final int MAX_RETURN_BYTES = 1024 * 1024;
    public static final int MAX_LOG_DATA_BYTES = 64 * 1024;
    public static final int MAX_LOG_TOPICS = 4;
    public static final int MAX_LOGS = 1024;

    private static final ValType I32 = ValType.I32;
    private static final ValType I64 = ValType.I64;

    private record Spec(String name, FunctionType type, Handler handler) {}

    @FunctionalInterface
    private interface Handler {
        long[] apply(HostSession session, long[] args);
    }

    private static final List<Spec> SPECS = List.of(
            spec("storage_read", List.of(I32, I32, I32, I32), List.of(I32), HostAbi::storageRead),
            spec("storage_write", List.of(I32, I32, I32, I32), List.of(), HostAbi::storageWrite),
            spec("storage_remove", List.of(I32, I32), List.of(), HostAbi::storageRemove),
            spec("input_size", List.of(), List.of(I32), HostAbi::inputSize),
            spec("input_copy", List.of(I32, I32, I32), List.of(), HostAbi::inputCopy),
            spec("set_return", List.of(I32, I32), List.of(), HostAbi::setReturn),
            spec("caller", List.of(I32), List.of(), (s, a) -> copyOut(s, a, s.context.caller())),
            spec("self_address", List.of(I32), List.of(), (s, a) -> copyOut(s, a, s.context.self())),
            spec("value", List.of(I32), List.of(), (s, a) -> copyOut(s, a, s.context.value())),
            spec("block_height", List.of(), List.of(I64), (s, a) -> charged(s, s.context.blockHeight())),
            spec("block_time", List.of(), List.of(I64), (s, a) -> charged(s, s.context.blockTimeSeconds())),
            spec("emit_log", List.of(I32, I32, I32, I32), List.of(), HostAbi::emitLog),
            spec("revert", List.of(I32, I32), List.of(), HostAbi::revert),
            spec("fuel_left", List.of(), List.of(I64), (s, a) -> charged(s, s.fuelLeft() - s.costs.hostCallBase())));

    private HostAbi() {}

    private static Spec spec(String name, List<ValType> params, List<ValType> results, Handler handler) {
        return new Spec(name, FunctionType.of(params, results), handler);
    }

    /** Every host function's signature, by import module and name, for the deploy-time import check. */
    public static Map<String, Map<String, FunctionType>> signatures() {
        Map<String, FunctionType> functions = new LinkedHashMap<>();
        for (Spec spec : SPECS) {
            functions.put(spec.name, spec.type);
        }
        return Map.of(MODULE, Map.copyOf(functions));
    }

    /**
     * The signatures a contract may import under a cost schedule: the host ABI, plus {@link WasiNn}'s
     * when the schedule prices inference.
     */
    public static Map<String, Map<String, FunctionType>> signatures(CostTable costs) {
        if (!costs.pricesInference()) {
            return signatures();
        }
        return Map.of(MODULE, signatures().get(MODULE), WasiNn.MODULE, WasiNn.signatures());
    }

    /** Host functions bound to one call's session: the host ABI and {@link WasiNn}. */
    static ImportValues imports(HostSession session) {
        List<com.dylibso.chicory.runtime.ImportFunction> functions = new ArrayList<>();
        for (Spec spec : SPECS) {
            WasmFunctionHandle handle = (instance, args) -> spec.handler.apply(session, args);
            functions.add(new HostFunction(MODULE, spec.name, spec.type, handle));
        }
        functions.addAll(WasiNn.functions(session));
        return ImportValues.builder().withFunctions(functions).build();
    }

    private static long[] charged(HostSession s, long result) {
        s.charge(s.costs.hostCallBase());
        return new long[] {result};
    }

    private static long[] copyOut(HostSession s, long[] a, byte[] bytes) {
        s.charge(s.costs.hostCallBase() + s.costs.hostBytes(bytes.length));
        s.write((int) a[0], bytes);
        return null;
    }

    private static byte[] readKey(HostSession s, long ptr, long len) {
        if (len < 0 || len > MAX_KEY_BYTES) {
            throw new Signals.AbiViolation(
                    "storage key of " + Integer.toUnsignedString((int) len) + " bytes exceeds " + MAX_KEY_BYTES);
        }
        return s.read((int) ptr, (int) len);
    }

    private static long[] storageRead(HostSession s, long[] a) {
        long keyLen = a[1] & 0xFFFF_FFFFL;
        long capacity = a[3] & 0xFFFF_FFFFL;
        s.charge(s.costs.hostCallBase()
                + s.costs.storageRead()
                + s.costs.hostBytes(Math.min(keyLen, MAX_KEY_BYTES + 1)));
        byte[] key = readKey(s, a[0], keyLen);
        byte[] value = s.storageGet(key);
        if (value == null) {
            return new long[] {-1};
        }
        int copied = (int) Math.min(capacity, value.length);
        s.charge(s.costs.hostBytes(copied));
        if (copied > 0) {
            byte[] part = copied == value.length ? value : java.util.Arrays.copyOf(value, copied);
            s.write((int) a[2], part);
        }
        return new long[] {value.length};
    }

    private static long[] storageWrite(HostSession s, long[] a) {
        long keyLen = a[1] & 0xFFFF_FFFFL;
        long valueLen = a[3] & 0xFFFF_FFFFL;
        if (valueLen > MAX_VALUE_BYTES) {
            s.charge(s.costs.hostCallBase());
            throw new Signals.AbiViolation("storage value of " + valueLen + " bytes exceeds " + MAX_VALUE_BYTES);
        }
        s.charge(s.costs.hostCallBase()
                + s.costs.storageWrite()
                + s.costs.hostBytes(Math.min(keyLen, MAX_KEY_BYTES + 1) + valueLen));
        byte[] key = readKey(s, a[0], keyLen);
        s.charge(s.storageCharges.write(key, valueLen));
        s.storagePut(key, s.read((int) a[2], (int) valueLen));
        return null;
    }

    private static long[] storageRemove(HostSession s, long[] a) {
        long keyLen = a[1] & 0xFFFF_FFFFL;
        s.charge(s.costs.hostCallBase()
                + s.costs.storageWrite()
                + s.costs.hostBytes(Math.min(keyLen, MAX_KEY_BYTES + 1)));
        byte[] key = readKey(s, a[0], keyLen);
        s.charge(s.storageCharges.remove(key));
        s.storageRemove(key);
        return null;
    }

    private static long[] inputSize(HostSession s, long[] a) {
        s.charge(s.costs.hostCallBase());
        return new long[] {s.input().length};
    }

    private static long[] inputCopy(HostSession s, long[] a) {
        long offset = a[1] & 0xFFFF_FFFFL;
        long len = a[2] & 0xFFFF_FFFFL;
        byte[] input = s.input();
        s.charge(s.costs.hostCallBase() + s.costs.hostBytes(Math.min(len, input.length)));
        if (offset + len > input.length) {
            throw new Signals.AbiViolation("input range [" + offset + ", " + (offset + len) + ") exceeds the input's "
                    + input.length + " bytes");
        }
        s.write((int) a[0], java.util.Arrays.copyOfRange(input, (int) offset, (int) (offset + len)));
        return null;
    }

    private static long[] setReturn(HostSession s, long[] a) {
        long len = a[1] & 0xFFFF_FFFFL;
        if (len > MAX_RETURN_BYTES) {
            s.charge(s.costs.hostCallBase());
            throw new Signals.AbiViolation("return data of " + len + " bytes exceeds " + MAX_RETURN_BYTES);
        }
        s.charge(s.costs.hostCallBase() + s.costs.hostBytes(len) + len * s.costs.returnPerByte());
        s.setReturnData(s.read((int) a[0], (int) len));
        return null;
    }

    private static long[] emitLog(HostSession s, long[] a) {
        long topics = a[1] & 0xFFFF_FFFFL;
        long dataLen = a[3] & 0xFFFF_FFFFL;
        if (topics > MAX_LOG_TOPICS || dataLen > MAX_LOG_DATA_BYTES || s.logCount() >= MAX_LOGS) {
            s.charge(s.costs.hostCallBase());
            throw new Signals.AbiViolation("a log takes at most " + MAX_LOG_TOPICS + " topics and " + MAX_LOG_DATA_BYTES
                    + " bytes of data, and a call at most " + MAX_LOGS + " logs");
        }
        s.charge(s.costs.hostCallBase()
                + s.costs.hostBytes(topics * 32 + dataLen)
                + s.costs.logBase()
                + topics * s.costs.logPerTopic()
                + dataLen * s.costs.logPerByte());
        byte[] topicBytes = s.read((int) a[0], (int) (topics * 32));
        List<byte[]> topicList = new ArrayList<>();
        for (int i = 0; i < topics; i++) {
            topicList.add(java.util.Arrays.copyOfRange(topicBytes, i * 32, i * 32 + 32));
        }
        s.log(new LogEntry(topicList, s.read((int) a[2], (int) dataLen)));
        return null;
    }

    private static long[] revert(HostSession s, long[] a) {
        long len = a[1] & 0xFFFF_FFFFL;
        if (len > MAX_RETURN_BYTES) {
            s.charge(s.costs.hostCallBase());
            throw new Signals.AbiViolation("revert reason of " + len + " bytes exceeds " + MAX_RETURN_BYTES);
        }
        s.charge(s.costs.hostCallBase() + s.costs.hostBytes(len) + len * s.costs.returnPerByte());
        throw new Signals.Revert(s.read((int) a[0], (int) len));
    }
}
