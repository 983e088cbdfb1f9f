package io.lockstep.vm.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ActiveDataSegment;
import com.dylibso.chicory.wasm.types.ActiveElement;
import com.dylibso.chicory.wasm.types.DataSegment;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionImport;
import com.dylibso.chicory.wasm.types.Import;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import io.lockstep.vm.RejectReason;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Module-level validation that Chicory's parser leaves to instantiation (where a failure would come
 * at every call instead of at deploy): type indices of function imports, export names and indices,
 * the globals that constant expressions may read, and the single memory and table the chain admits.
 */
final class ModuleStructure {

    private ModuleStructure() {}

    static void check(WasmModule module) {
        var imports = module.importSection();
        int types = module.typeSection().typeCount();
        for (int i = 0; i < imports.importCount(); i++) {
            Import imp = imports.getImport(i);
            if (imp instanceof FunctionImport f && (f.typeIndex() < 0 || f.typeIndex() >= types)) {
                throw invalid("unknown type " + f.typeIndex() + " in import " + imp.module() + "." + imp.name());
            }
        }
        int memories = imports.count(ExternalType.MEMORY)
                + module.memorySection().map(m -> m.memoryCount()).orElse(0);
        if (memories > 1) {
            throw new ModuleRejectedException(
                    RejectReason.FEATURE_NOT_ALLOWED, "multiple memories (" + memories + ") are not admitted");
        }
        int tables = imports.count(ExternalType.TABLE) + module.tableSection().tableCount();
        if (tables > 1) {
            throw new ModuleRejectedException(
                    RejectReason.FEATURE_NOT_ALLOWED,
                    "multiple tables (" + tables + ", reference types) are not admitted");
        }
        checkExports(module, memories, tables);
        checkConstantExpressions(module, imports.count(ExternalType.GLOBAL));
    }

    private static void checkExports(WasmModule module, int memories, int tables) {
        var imports = module.importSection();
        int functions =
                imports.count(ExternalType.FUNCTION) + module.functionSection().functionCount();
        int globals =
                imports.count(ExternalType.GLOBAL) + module.globalSection().globalCount();
        var exports = module.exportSection();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (!names.add(export.name())) {
                throw invalid("duplicate export name '" + export.name() + "'");
            }
            int count;
            switch (export.exportType()) {
                case FUNCTION:
                    count = functions;
                    break;
                case GLOBAL:
                    count = globals;
                    break;
                case MEMORY:
                    count = memories;
                    break;
                case TABLE:
                    count = tables;
                    break;
                default:
                    throw new ModuleRejectedException(
                            RejectReason.FEATURE_NOT_ALLOWED,
                            "export of a " + export.exportType() + " is not admitted");
            }
            if (export.index() < 0 || export.index() >= count) {
                throw invalid("unknown " + export.exportType().name().toLowerCase(Locale.ROOT) + " " + export.index()
                        + " in export '" + export.name() + "'");
            }
        }
    }

    /** WebAssembly 2.0: a constant expression may read imported globals only. */
    private static void checkConstantExpressions(WasmModule module, int importedGlobals) {
        var globals = module.globalSection();
        for (int i = 0; i < globals.globalCount(); i++) {
            readsImportedGlobalsOnly(globals.getGlobal(i).initInstructions(), importedGlobals);
        }
        for (DataSegment segment : module.dataSection().dataSegments()) {
            if (segment instanceof ActiveDataSegment active) {
                readsImportedGlobalsOnly(active.offsetInstructions(), importedGlobals);
            }
        }
        for (Element element : module.elementSection().elements()) {
            if (element instanceof ActiveElement active) {
                readsImportedGlobalsOnly(active.offset(), importedGlobals);
            }
            for (List<Instruction> initializer : element.initializers()) {
                readsImportedGlobalsOnly(initializer, importedGlobals);
            }
        }
    }

    private static void readsImportedGlobalsOnly(List<Instruction> expression, int importedGlobals) {
        for (Instruction ins : expression) {
            if (ins.opcode() == OpCode.GLOBAL_GET && (ins.operand(0) < 0 || ins.operand(0) >= importedGlobals)) {
                throw invalid("unknown global " + ins.operand(0) + " in a constant expression (only the "
                        + importedGlobals + " imported globals may be read there)");
            }
        }
    }

    private static ModuleRejectedException invalid(String message) {
        return new ModuleRejectedException(RejectReason.INVALID, message);
    }
}
