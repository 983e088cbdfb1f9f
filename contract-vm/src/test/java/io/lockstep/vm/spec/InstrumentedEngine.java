package io.lockstep.vm.spec;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TableInstance;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.ValType;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.Engine;
import io.lockstep.vm.ValueKind;
import io.lockstep.vm.WasmValue;
import io.lockstep.vm.internal.DeployPipeline;
import io.lockstep.vm.internal.FuelCounter;
import io.lockstep.vm.internal.ModuleInstance;
import io.lockstep.vm.internal.ModuleRejectedException;
import io.lockstep.vm.internal.PreparedModule;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs a script's modules the way the chain runs contracts: through the {@link DeployPipeline}
 * (admission, limits, instrumentation) and {@link ModuleInstance} on one {@link Engine}, with
 * {@link #FUEL} per command.
 *
 * <p>Every instance meters itself in its own injected counter global (fuel and depth in one word). A
 * direct call of another instance's export (a function import) carries the caller's counter into the
 * callee and back,
 * so a command's fuel covers it and recursion across modules stays bounded; a call that reaches another
 * instance's function through a shared table runs on that instance's own globals, which are refilled
 * before every command.
 */
final class InstrumentedEngine implements SpecEngine<PreparedModule> {

    /** Fuel per command: far more than any spec command needs, so running out is always a failure. */
    static final long FUEL = 1_000_000_000_000L;

    private final Engine engine;
    private final PreparedModules modules;
    private final Map<Instance, Meter> meters = new IdentityHashMap<>();

    InstrumentedEngine(Engine engine, PreparedModules modules) {
        this.engine = engine;
        this.modules = modules;
    }

    /**
     * The pipeline's results for one script, shared by both engines' runs so that each module is
     * admitted and instrumented once.
     */
    static final class PreparedModules {
        private final DeployPipeline pipeline;
        private final Map<String, Loaded<PreparedModule>> byFile = new java.util.HashMap<>();

        PreparedModules(DeployPipeline pipeline) {
            this.pipeline = pipeline;
        }

        private long nanos;
        private long cpuNanos;

        synchronized Loaded<PreparedModule> get(SpecScript script, String filename) {
            return byFile.computeIfAbsent(filename, f -> {
                long start = System.nanoTime();
                long cpuStart = CpuTime.ofThisThread();
                try {
                    PreparedModule prepared = pipeline.prepare(script.moduleBytes(f));
                    return Loaded.of(prepared, prepared.module());
                } catch (ModuleRejectedException e) {
                    return Loaded.refused(Outcome.rejected(e.reason().name(), e.getMessage()));
                } finally {
                    nanos += System.nanoTime() - start;
                    cpuNanos += CpuTime.ofThisThread() - cpuStart;
                }
            });
        }

        /** Wall and CPU time spent in the pipeline since the last call. */
        synchronized long[] takeNanos() {
            long[] taken = {nanos, cpuNanos};
            nanos = 0;
            cpuNanos = 0;
            return taken;
        }
    }

    @Override
    public String name() {
        return engine.name();
    }

    @Override
    public Loaded<PreparedModule> load(SpecScript script, String filename) {
        return modules.get(script, filename);
    }

    @Override
    public Instantiated instantiate(Loaded<PreparedModule> module, ImportValues imports) {
        refillAll();
        ModuleInstance.Instantiation result;
        try {
            result = ModuleInstance.instantiate(module.code(), engine, imports, null, FUEL);
        } finally {
            adoptOrphans(imports);
        }
        if (result.failure() != null) {
            return new Instantiated(null, 0, outcome(result.failure()));
        }
        Metered metered = new Metered(result.instance());
        meters.put(metered.chicory(), metered.meter);
        return new Instantiated(metered, FUEL - result.fuelLeft(), null);
    }

    /**
     * An instantiation that failed after writing element segments leaves its functions in the tables
     * it imported (Wasm 2.0 keeps such writes), while the instance itself is never returned. The suite
     * then calls those functions, so their instance's fuel and depth globals are found through the
     * tables and refilled like any other's.
     */
    private void adoptOrphans(ImportValues imports) {
        for (ImportTable imported : imports.tables()) {
            TableInstance table = imported.table();
            for (int i = 0; i < table.size(); i++) {
                Instance owner = table.instance(i);
                if (owner != null && !meters.containsKey(owner)) {
                    meters.put(owner, Meter.of(owner));
                }
            }
        }
    }

    private void refillAll() {
        for (Meter m : meters.values()) {
            m.counter.setValue(FuelCounter.start(FUEL));
        }
    }

    static Outcome outcome(CallOutcome call) {
        if (call instanceof CallOutcome.Success s) {
            return Outcome.success(s.results(), s.fuelUsed());
        }
        if (call instanceof CallOutcome.Trapped t) {
            return Outcome.trapped(t.kind(), t.fuelUsed(), t.message());
        }
        if (call instanceof CallOutcome.OutOfFuel o) {
            return Outcome.outOfFuel(o.fuelUsed());
        }
        throw new IllegalStateException("a spec module cannot revert: " + call);
    }

    /** An instance's injected counter: the last global of an instrumented module. */
    private record Meter(GlobalInstance counter) {
        static Meter of(Instance instance) {
            var module = instance.module();
            int globals = module.importSection().count(ExternalType.GLOBAL)
                    + module.globalSection().globalCount();
            GlobalInstance counter = instance.global(globals - 1);
            if (!counter.getType().equals(ValType.I64)) {
                throw new IllegalStateException("the injected counter global is not where expected");
            }
            return new Meter(counter);
        }
    }

    /** A live instance, metered by its own injected globals. */
    private final class Metered implements LiveInstance {
        private final ModuleInstance instance;
        private final Meter meter;

        Metered(ModuleInstance instance) {
            this.instance = instance;
            this.meter = Meter.of(instance.chicory());
        }

        @Override
        public Instance chicory() {
            return instance.chicory();
        }

        @Override
        public Outcome invoke(String export, List<WasmValue> args) {
            refillAll();
            return outcome(instance.invoke(export, args, FUEL));
        }

        @Override
        public Outcome get(String export) {
            GlobalInstance global = chicory().exports().global(export);
            ValueKind kind = ModuleInstance.kindOf(global.getType());
            return Outcome.success(List.of(new WasmValue(kind, global.getValue())), 0);
        }

        @Override
        public ImportFunction functionImport(String module, String name, String export) {
            ExportFunction function = chicory().export(export);
            return new ImportFunction(module, name, chicory().exportType(export), (caller, args) -> {
                Meter from = meters.get(caller);
                if (from == null) {
                    return function.apply(args);
                }
                long saved = meter.counter.getValue();
                meter.counter.setValue(from.counter.getValue());
                try {
                    return function.apply(args);
                } finally {
                    // Back to the caller: fuel spent, and the depth reached, so that a callee that
                    // exhausted the stack is reported as such by the caller's invocation.
                    from.counter.setValue(meter.counter.getValue());
                    meter.counter.setValue(saved);
                }
            });
        }
    }
}
