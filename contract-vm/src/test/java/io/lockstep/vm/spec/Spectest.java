package io.lockstep.vm.spec;

import com.dylibso.chicory.runtime.ByteArrayMemory;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.Table;
import com.dylibso.chicory.wasm.types.TableLimits;
import com.dylibso.chicory.wasm.types.ValType;
import com.dylibso.chicory.wasm.types.Value;
import java.util.List;
import java.util.Map;

/**
 * The {@code spectest} host module every spec script may import from: print functions that do nothing,
 * constant globals of value 666 / 666.6, a funcref table of 10 (max 20) and a memory of 1 page (max 2).
 * One per script run, so that state written through the table or memory stays within that run.
 */
final class Spectest {

    static final String NAME = "spectest";

    private static final Map<String, FunctionType> FUNCTIONS = Map.of(
            "print", FunctionType.of(List.of(), List.of()),
            "print_i32", FunctionType.of(List.of(ValType.I32), List.of()),
            "print_i64", FunctionType.of(List.of(ValType.I64), List.of()),
            "print_f32", FunctionType.of(List.of(ValType.F32), List.of()),
            "print_f64", FunctionType.of(List.of(ValType.F64), List.of()),
            "print_i32_f32", FunctionType.of(List.of(ValType.I32, ValType.F32), List.of()),
            "print_f64_f64", FunctionType.of(List.of(ValType.F64, ValType.F64), List.of()));

    private final Map<String, GlobalInstance> globals = Map.of(
            "global_i32", new GlobalInstance(Value.i32(666)),
            "global_i64", new GlobalInstance(Value.i64(666)),
            "global_f32", new GlobalInstance(Value.fromFloat(666.6f)),
            "global_f64", new GlobalInstance(Value.fromDouble(666.6)));
    private final Memory memory = new ByteArrayMemory(new MemoryLimits(1, 2));
    private final TableInstance table =
            new TableInstance(new Table(ValType.FuncRef, new TableLimits(10, 20)), Value.REF_NULL_VALUE);

    /** The kind of the export {@code name}, or {@code null} when there is none. */
    ExternalType exportType(String name) {
        if (FUNCTIONS.containsKey(name)) {
            return ExternalType.FUNCTION;
        }
        if (globals.containsKey(name)) {
            return ExternalType.GLOBAL;
        }
        if (name.equals("memory")) {
            return ExternalType.MEMORY;
        }
        if (name.equals("table")) {
            return ExternalType.TABLE;
        }
        return null;
    }

    ImportFunction function(String name) {
        return new ImportFunction(NAME, name, FUNCTIONS.get(name), (instance, args) -> new long[0]);
    }

    GlobalInstance global(String name) {
        return globals.get(name);
    }

    Memory memory() {
        return memory;
    }

    TableInstance table() {
        return table;
    }
}
