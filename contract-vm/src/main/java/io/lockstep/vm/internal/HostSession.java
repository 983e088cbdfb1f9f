package io.lockstep.vm.internal;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import io.lockstep.vm.CallContext;
import io.lockstep.vm.ContractStorage;
import io.lockstep.vm.CostTable;
import io.lockstep.vm.LogEntry;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one contract call as the host sees it: its context, the storage writes it has made (kept
 * apart until the call succeeds) and what it has paid for them, its logs and return data, and its fuel.
 */
final class HostSession {

    private static final byte[] REMOVED = new byte[0];

    final CallContext context;
    final CostTable costs;
    final InferenceSession inference;
    final StorageCharges storageCharges;
    /** The call's input, copied on first use: {@link CallContext#input()} returns a fresh copy each time. */
    private byte[] input;

    private final Map<ByteBuffer, byte[]> writes = new LinkedHashMap<>();
    private final List<LogEntry> logs = new ArrayList<>();
    private byte[] returnData = new byte[0];
    private Instance instance;
    private int fuelGlobal;

    HostSession(CallContext context, CostTable costs, ModelCache models) {
        this.context = context;
        this.costs = costs;
        this.inference = new InferenceSession(models);
        this.storageCharges = new StorageCharges(costs, context.storage());
    }

    byte[] input() {
        if (input == null) {
            input = context.input();
        }
        return input;
    }

    void bind(Instance instance, int fuelGlobal) {
        this.instance = instance;
        this.fuelGlobal = fuelGlobal;
    }

    /** Subtracts {@code amount} from the call's fuel; out of fuel ends the call. */
    void charge(long amount) {
        var global = instance.global(fuelGlobal);
        long word = global.getValue();
        long left = FuelCounter.fuel(word) - amount;
        global.setValue(FuelCounter.word(left < 0 ? -1 : left, FuelCounter.depth(word)));
        if (left < 0) {
            throw new Signals.OutOfFuel();
        }
    }

    long fuelLeft() {
        return FuelCounter.fuel(instance.global(fuelGlobal).getValue());
    }

    /** Whether the module has a memory to exchange data through. */
    boolean hasMemory() {
        return instance.memory() != null;
    }

    Memory memory() {
        Memory memory = instance.memory();
        if (memory == null) {
            throw new Signals.AbiViolation("the module has no memory to exchange data through");
        }
        return memory;
    }

    byte[] read(int ptr, int len) {
        checkRange(ptr, len);
        return memory().readBytes(ptr, len);
    }

    void write(int ptr, byte[] bytes) {
        checkRange(ptr, bytes.length);
        memory().write(ptr, bytes);
    }

    private void checkRange(int ptr, int len) {
        long start = Integer.toUnsignedLong(ptr);
        long length = Integer.toUnsignedLong(len);
        long size = (long) memory().pages() * 65_536;
        if (start + length > size) {
            throw new Signals.AbiViolation(
                    "range [" + start + ", " + (start + length) + ") is outside memory of " + size + " bytes");
        }
    }

    byte[] storageGet(byte[] key) {
        byte[] pending = writes.get(ByteBuffer.wrap(key));
        if (pending != null) {
            return pending == REMOVED ? null : pending;
        }
        return context.storage().get(key);
    }

    void storagePut(byte[] key, byte[] value) {
        writes.put(ByteBuffer.wrap(key), value);
    }

    void storageRemove(byte[] key) {
        writes.put(ByteBuffer.wrap(key), REMOVED);
    }

    void log(LogEntry entry) {
        logs.add(entry);
    }

    int logCount() {
        return logs.size();
    }

    void setReturnData(byte[] data) {
        returnData = data;
    }

    byte[] returnData() {
        return returnData;
    }

    List<LogEntry> logs() {
        return logs;
    }

    /** Applies the call's writes to the real storage, in the order the keys were first written. */
    void commitWrites() {
        ContractStorage storage = context.storage();
        for (Map.Entry<ByteBuffer, byte[]> write : writes.entrySet()) {
            byte[] key =
                    Arrays.copyOfRange(write.getKey().array(), 0, write.getKey().capacity());
            if (write.getValue() == REMOVED) {
                storage.remove(key);
            } else {
                storage.put(key, write.getValue());
            }
        }
    }
}
