package io.lockstep.benchmarks;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.Engine;
import io.lockstep.vm.internal.FlatMemory;
import io.lockstep.vm.internal.ModuleInstance;
import io.lockstep.vm.internal.PreparedModule;
import java.util.List;
import java.util.function.Function;

/**
 * A benchmark module instantiated once on one engine and kept for all of its runs, so that the times
 * compare code speed; instantiation is measured on its own.
 */
interface LoadedModule {

    /** Fuel given to every instrumented run: far more than any benchmark needs. */
    long FUEL = 1L << 50;

    /** Calls an export that takes no arguments; returns its single result's raw bits (0 if none). */
    long call(String export);

    /** Fuel the last {@link #call} used, or -1 when the module is not instrumented. */
    long lastFuelUsed();

    byte[] readMemory(int offset, int length);

    /** The instrumented module through the contract VM's own instantiation and call path. */
    static LoadedModule instrumented(PreparedModule code, Engine engine) {
        ModuleInstance.Instantiation inst = ModuleInstance.instantiate(code, engine, ImportValues.empty(), null, FUEL);
        if (inst.failure() != null) {
            throw new IllegalStateException("instantiation failed: " + inst.failure());
        }
        ModuleInstance instance = inst.instance();
        return new LoadedModule() {
            private long fuelUsed = -1;

            @Override
            public long call(String export) {
                CallOutcome outcome = instance.invoke(export, List.of(), FUEL);
                if (!(outcome instanceof CallOutcome.Success success)) {
                    throw new IllegalStateException(export + " did not succeed: " + outcome);
                }
                fuelUsed = success.fuelUsed();
                return success.results().isEmpty()
                        ? 0
                        : success.results().get(0).bits();
            }

            @Override
            public long lastFuelUsed() {
                return fuelUsed;
            }

            @Override
            public byte[] readMemory(int offset, int length) {
                return instance.chicory().memory().readBytes(offset, length);
            }
        };
    }

    /**
     * The module as written, on plain Chicory: compiled ({@code factory} from the compiler) or interpreted.
     * It gets the same linear memory as a contract ({@link FlatMemory}), so that comparing it with the
     * instrumented module measures the injected code alone.
     */
    static LoadedModule plain(WasmModule module, Function<Instance, Machine> factory) {
        Instance instance = Instance.builder(module)
                .withMachineFactory(factory)
                .withMemoryFactory(FlatMemory.factory())
                .build();
        return new LoadedModule() {
            @Override
            public long call(String export) {
                ExportFunction function = instance.export(export);
                long[] results = function.apply();
                return results == null || results.length == 0 ? 0 : results[0];
            }

            @Override
            public long lastFuelUsed() {
                return -1;
            }

            @Override
            public byte[] readMemory(int offset, int length) {
                return instance.memory().readBytes(offset, length);
            }
        };
    }

    static Function<Instance, Machine> compiler(WasmModule module) {
        return MachineFactoryCompiler.compile(module);
    }

    static Function<Instance, Machine> interpreter() {
        return InterpreterMachine::new;
    }
}
