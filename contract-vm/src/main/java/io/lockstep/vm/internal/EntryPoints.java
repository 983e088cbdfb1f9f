package io.lockstep.vm.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Import;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.RejectReason;

/**
 * The constructor export, checked at deploy time: the chain runs it while deploying, and a type it cannot
 * call must refuse the module then rather than fail every deploy of it later.
 */
final class EntryPoints {

    private static final String DEPLOY = ContractVm.DEPLOY_EXPORT;

    private EntryPoints() {}

    /** Refuses a module whose {@value #DEPLOY} export is not a function of type {@code () -> ()}. */
    static void check(WasmModule module) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (!export.name().equals(DEPLOY)) {
                continue;
            }
            if (export.exportType() != ExternalType.FUNCTION) {
                throw refused("a " + export.exportType().name().toLowerCase(java.util.Locale.ROOT));
            }
            FunctionType type = functionType(module, export.index());
            if (!type.params().isEmpty() || !type.returns().isEmpty()) {
                throw refused("of type " + type);
            }
        }
    }

    /** The type of function {@code index} (imports first); ModuleStructure has checked that it exists. */
    private static FunctionType functionType(WasmModule module, long index) {
        var imports = module.importSection();
        long imported = 0;
        for (int i = 0; i < imports.importCount(); i++) {
            Import imp = imports.getImport(i);
            if (imp instanceof FunctionImport f) {
                if (imported == index) {
                    return module.typeSection().getType(f.typeIndex());
                }
                imported++;
            }
        }
        int defined = (int) (index - imported);
        return module.typeSection().getType(module.functionSection().getFunctionType(defined));
    }

    private static ModuleRejectedException refused(String what) {
        return new ModuleRejectedException(
                RejectReason.INVALID, "export '" + DEPLOY + "' must be a function of type () -> (), it is " + what);
    }
}
