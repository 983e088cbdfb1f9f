package io.lockstep.vm.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import io.lockstep.vm.RejectReason;
import java.util.Map;

/** Which imports a deployed module may declare. */
public interface ImportPolicy {

    /** Throws {@link ModuleRejectedException} for the first import the policy refuses. */
    void check(WasmModule module);

    /** Contracts: functions of the host ABI only, each with its exact signature. */
    static ImportPolicy hostAbi(Map<String, Map<String, FunctionType>> functionsByModule) {
        return module -> {
            var imports = module.importSection();
            for (int i = 0; i < imports.importCount(); i++) {
                Import imp = imports.getImport(i);
                Map<String, FunctionType> functions = functionsByModule.get(imp.module());
                FunctionType expected = functions == null ? null : functions.get(imp.name());
                if (!(imp instanceof FunctionImport) || expected == null) {
                    throw new ModuleRejectedException(
                            RejectReason.IMPORT_NOT_ALLOWED,
                            "import " + imp.module() + "." + imp.name() + " is not part of the host ABI");
                }
                FunctionType actual = module.typeSection().getType(((FunctionImport) imp).typeIndex());
                if (!actual.equals(expected)) {
                    throw new ModuleRejectedException(
                            RejectReason.IMPORT_NOT_ALLOWED,
                            "import " + imp.module() + "." + imp.name() + " has type " + actual + ", the host ABI's is "
                                    + expected);
                }
            }
        };
    }

    /** Test harnesses that link modules to each other (the WebAssembly spec suite). */
    static ImportPolicy any() {
        return module -> {};
    }
}
