package io.lockstep.vm.internal;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import io.lockstep.vm.CodeHash;
import io.lockstep.vm.DeployedCode;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A module that passed the deploy pipeline, with everything a call needs: the instrumented module as
 * Chicory parsed it, the indices of the injected globals, and the compiled machine factory, built once
 * on first use and shared by every later call.
 */
public final class PreparedModule implements DeployedCode {

    private static final Logger LOG = LoggerFactory.getLogger(PreparedModule.class);

    /** Turns a module into a machine factory; Chicory's runtime compiler outside tests. */
    @FunctionalInterface
    interface ModuleCompiler {
        Function<Instance, Machine> compile(WasmModule module);

        ModuleCompiler CHICORY = module -> MachineFactoryCompiler.builder(module)
                .withInterpreterFallback(InterpreterFallback.SILENT)
                .compile();
    }

    private final CodeHash hash;
    private final int originalSize;
    private final byte[] instrumented;
    private final WasmModule module;
    private final int fuelGlobal;
    private final int depthLimit;
    private final long instantiationFuel;
    private final int startFunction;
    private final ModuleCompiler compiler;
    private volatile Function<Instance, Machine> compiled;
    private volatile boolean interpretedForCompiler;
    private final java.util.concurrent.atomic.AtomicInteger compilations =
            new java.util.concurrent.atomic.AtomicInteger();

    PreparedModule(
            CodeHash hash,
            int originalSize,
            byte[] instrumented,
            WasmModule module,
            int fuelGlobal,
            int depthLimit,
            long instantiationFuel,
            int startFunction,
            ModuleCompiler compiler) {
        this.hash = hash;
        this.originalSize = originalSize;
        this.instrumented = instrumented;
        this.module = module;
        this.fuelGlobal = fuelGlobal;
        this.depthLimit = depthLimit;
        this.instantiationFuel = instantiationFuel;
        this.startFunction = startFunction;
        this.compiler = compiler;
    }

    /** The same module, compiled by {@code other}: a seam for testing compiler failures. */
    PreparedModule withCompiler(ModuleCompiler other) {
        return new PreparedModule(
                hash,
                originalSize,
                instrumented,
                module,
                fuelGlobal,
                depthLimit,
                instantiationFuel,
                startFunction,
                other);
    }

    @Override
    public CodeHash hash() {
        return hash;
    }

    @Override
    public int originalSize() {
        return originalSize;
    }

    @Override
    public int instrumentedSize() {
        return instrumented.length;
    }

    @Override
    public byte[] instrumentedBytes() {
        return instrumented.clone();
    }

    @Override
    public List<String> exportedFunctions() {
        List<String> names = new ArrayList<>();
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            if (exports.getExport(i).exportType() == ExternalType.FUNCTION) {
                names.add(exports.getExport(i).name());
            }
        }
        return names;
    }

    @Override
    public long instantiationFuel() {
        return instantiationFuel;
    }

    /** How many times this module has been compiled: at most once for its whole life in the cache. */
    public int compilations() {
        return compilations.get();
    }

    public WasmModule module() {
        return module;
    }

    int fuelGlobal() {
        return fuelGlobal;
    }

    /**
     * The original module's start function, or -1. The instrumented module has no start section, so
     * that the start function runs only when {@link ModuleInstance} calls it with fuel.
     */
    int startFunction() {
        return startFunction;
    }

    int depthLimit() {
        return depthLimit;
    }

    /**
     * The machine factory of Chicory's runtime compiler for this module, compiled on first use. Functions
     * too large for a JVM method fall back to the interpreter, which runs the same instrumented code; so
     * does the whole module if the compiler fails on it.
     */
    Function<Instance, Machine> compiledMachine() {
        Function<Instance, Machine> factory = compiled;
        if (factory == null) {
            synchronized (this) {
                factory = compiled;
                if (factory == null) {
                    factory = compileOrInterpret();
                    compiled = factory;
                    compilations.incrementAndGet();
                }
            }
        }
        return factory;
    }

    /**
     * Whether the compiler failed on this module so that its "compiled" calls run on the interpreter.
     * Both engines run the same instrumented code, so results, fuel and traps do not change, only speed.
     */
    public boolean interpretedForCompiler() {
        return interpretedForCompiler;
    }

    private Function<Instance, Machine> compileOrInterpret() {
        try {
            return compiler.compile(module);
        } catch (RuntimeException | LinkageError e) {
            // The module is valid (it passed validation twice); a failure here is the compiler's defect.
            LOG.warn("compiler failed on code={}; its calls run on the interpreter: {}", hash, e.toString());
            interpretedForCompiler = true;
            return InterpreterMachine::new;
        }
    }
}
