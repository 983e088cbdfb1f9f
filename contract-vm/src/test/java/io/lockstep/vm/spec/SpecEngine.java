package io.lockstep.vm.spec;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.wasm.WasmModule;

/**
 * How a script's modules are loaded and run: through the contract VM's instrumented pipeline on one of
 * its engines, or (to show what instrumentation is for) on plain Chicory. One engine object serves one
 * run of one script and keeps that run's instances.
 *
 * @param <C> the engine's form of a loaded module
 */
interface SpecEngine<C> {

    /** The engine's name in reports. */
    String name();

    /** Loads (validates, for the VM: admits and instruments) a module, or says why it was refused. */
    Loaded<C> load(SpecScript script, String filename);

    /**
     * Instantiates a loaded module with the given imports. A failed instantiation (trap in a segment or
     * the start function) is returned as {@link Instantiated#failure()}; imports that do not fit throw
     * {@link com.dylibso.chicory.wasm.UnlinkableException}.
     */
    Instantiated instantiate(Loaded<C> module, ImportValues imports);

    /** A loaded module, or the outcome that refused it. */
    record Loaded<C>(C code, WasmModule module, Outcome rejection) {
        static <C> Loaded<C> of(C code, WasmModule module) {
            return new Loaded<>(code, module, null);
        }

        static <C> Loaded<C> refused(Outcome rejection) {
            return new Loaded<>(null, null, rejection);
        }

        boolean refused() {
            return rejection != null;
        }
    }

    /** An instance with the fuel its instantiation used, or the outcome that ended instantiation. */
    record Instantiated(LiveInstance instance, long fuel, Outcome failure) {}
}
