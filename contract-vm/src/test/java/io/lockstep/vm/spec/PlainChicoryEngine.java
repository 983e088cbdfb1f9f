package io.lockstep.vm.spec;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.ImportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionType;
import io.lockstep.vm.Engine;
import io.lockstep.vm.TrapKind;
import io.lockstep.vm.WasmValue;
import io.lockstep.vm.internal.ModuleInstance;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs a script's modules on plain Chicory, uninstrumented: no admission, no fuel, no NaN
 * canonicalization, no depth limit but the JVM stack. It exists to count what the instrumentation
 * fixes, never to judge the contract VM.
 */
final class PlainChicoryEngine implements SpecEngine<WasmModule> {

    private final Engine engine;

    PlainChicoryEngine(Engine engine) {
        this.engine = engine;
    }

    @Override
    public String name() {
        return "plain-" + engine.name();
    }

    @Override
    public Loaded<WasmModule> load(SpecScript script, String filename) {
        byte[] bytes = script.moduleBytes(filename);
        try {
            WasmModule module =
                    Parser.builder().withValidation(true).build().parse(() -> new ByteArrayInputStream(bytes));
            return Loaded.of(module, module);
        } catch (MalformedException e) {
            return Loaded.refused(Outcome.rejected("MALFORMED", e.getMessage()));
        } catch (InvalidException e) {
            return Loaded.refused(Outcome.rejected("INVALID", e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            return Loaded.refused(Outcome.rejected("MALFORMED", e.toString()));
        }
    }

    @Override
    public Instantiated instantiate(Loaded<WasmModule> module, ImportValues imports) {
        Instance.Builder builder = Instance.builder(module.module()).withImportValues(imports);
        if (engine == Engine.COMPILED) {
            builder.withMachineFactory(MachineFactoryCompiler.builder(module.module())
                    .withInterpreterFallback(InterpreterFallback.SILENT)
                    .compile());
        } else {
            builder.withMachineFactory(InterpreterMachine::new);
        }
        try {
            return new Instantiated(new Plain(builder.build()), 0, null);
        } catch (UnlinkableException e) {
            throw e;
        } catch (UninstantiableException e) {
            return new Instantiated(null, 0, Outcome.trapped(TrapKind.INSTANTIATION_FAILED, 0, e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            return new Instantiated(null, 0, trap(e));
        }
    }

    static Outcome trap(Throwable e) {
        if (e instanceof StackOverflowError) {
            return Outcome.trapped(TrapKind.CALL_STACK_EXHAUSTED, 0, "JVM stack overflow");
        }
        String message = e instanceof ChicoryException ? e.getMessage() : e.toString();
        return Outcome.trapped(TrapTexts.classify(message), 0, message);
    }

    private static final class Plain implements LiveInstance {
        private final Instance instance;

        Plain(Instance instance) {
            this.instance = instance;
        }

        @Override
        public Instance chicory() {
            return instance;
        }

        @Override
        public Outcome invoke(String export, List<WasmValue> args) {
            FunctionType type = instance.exportType(export);
            for (var t : type.returns()) {
                if (!t.isNumeric() || t.equals(com.dylibso.chicory.wasm.types.ValType.V128)) {
                    return Outcome.skipped(t + " results cannot be compared by this harness");
                }
            }
            long[] raw = new long[args.size()];
            for (int i = 0; i < raw.length; i++) {
                raw[i] = args.get(i).bits();
            }
            long[] results;
            try {
                results = instance.export(export).apply(raw);
            } catch (RuntimeException | StackOverflowError e) {
                return trap(e);
            }
            List<WasmValue> values = new ArrayList<>();
            for (int i = 0; i < type.returns().size(); i++) {
                values.add(new WasmValue(ModuleInstance.kindOf(type.returns().get(i)), results[i]));
            }
            return Outcome.success(values, 0);
        }

        @Override
        public Outcome get(String export) {
            GlobalInstance global = instance.exports().global(export);
            return Outcome.success(
                    List.of(new WasmValue(ModuleInstance.kindOf(global.getType()), global.getValue())), 0);
        }

        @Override
        public ImportFunction functionImport(String module, String name, String export) {
            return ImportFunction.exportAsImport(module, name, instance, export);
        }
    }
}
