package io.lockstep.vm.spec;

import com.dylibso.chicory.runtime.ImportGlobal;
import com.dylibso.chicory.runtime.ImportMemory;
import com.dylibso.chicory.runtime.ImportTable;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import java.util.Map;

/**
 * Resolves a module's imports against {@code spectest} and the instances a script registered, as
 * Chicory import values. Globals, memories and tables are the exporting instance's own objects, so
 * writes are shared; functions go through {@link LiveInstance#functionImport}. Type checks are left to
 * Chicory's instantiation, which reports a mismatch as unlinkable.
 */
final class SpecLinker {

    /** A module imports from a registered module that was itself skipped or failed. */
    static final class DependencyUnavailable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        DependencyUnavailable(String message) {
            super(message, null, false, false);
        }
    }

    private final Spectest spectest;
    private final Map<String, ModuleSlot> registered;

    SpecLinker(Spectest spectest, Map<String, ModuleSlot> registered) {
        this.spectest = spectest;
        this.registered = registered;
    }

    ImportValues link(WasmModule module) {
        ImportValues.Builder values = ImportValues.builder();
        var imports = module.importSection();
        for (int i = 0; i < imports.importCount(); i++) {
            Import imp = imports.getImport(i);
            if (imp.module().equals(Spectest.NAME)) {
                fromSpectest(imp, values);
            } else {
                fromInstance(imp, values);
            }
        }
        return values.build();
    }

    private void fromSpectest(Import imp, ImportValues.Builder values) {
        ExternalType exported = spectest.exportType(imp.name());
        requireKind(imp, exported);
        switch (imp.importType()) {
            case FUNCTION:
                values.addFunction(spectest.function(imp.name()));
                break;
            case GLOBAL:
                values.addGlobal(new ImportGlobal(imp.module(), imp.name(), spectest.global(imp.name())));
                break;
            case MEMORY:
                values.addMemory(new ImportMemory(imp.module(), imp.name(), spectest.memory()));
                break;
            case TABLE:
                values.addTable(new ImportTable(imp.module(), imp.name(), spectest.table()));
                break;
            default:
                throw new UnlinkableException("unknown import " + describe(imp));
        }
    }

    private void fromInstance(Import imp, ImportValues.Builder values) {
        ModuleSlot slot = registered.get(imp.module());
        if (slot == null) {
            throw new UnlinkableException("unknown import " + describe(imp) + ": no module registered as that");
        }
        if (!slot.available()) {
            throw new DependencyUnavailable(
                    "imports from '" + imp.module() + "', which is unavailable: " + slot.unavailable());
        }
        Instance source = slot.live().chicory();
        requireKind(imp, exportType(source.module(), imp.name()));
        switch (imp.importType()) {
            case FUNCTION:
                values.addFunction(slot.live().functionImport(imp.module(), imp.name(), imp.name()));
                break;
            case GLOBAL:
                values.addGlobal(new ImportGlobal(
                        imp.module(), imp.name(), source.exports().global(imp.name())));
                break;
            case MEMORY:
                values.addMemory(new ImportMemory(
                        imp.module(), imp.name(), source.exports().memory(imp.name())));
                break;
            case TABLE:
                values.addTable(new ImportTable(
                        imp.module(), imp.name(), source.exports().table(imp.name())));
                break;
            default:
                throw new UnlinkableException("unknown import " + describe(imp));
        }
    }

    private static ExternalType exportType(WasmModule module, String name) {
        var exports = module.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.name().equals(name)) {
                return export.exportType();
            }
        }
        return null;
    }

    private static void requireKind(Import imp, ExternalType exported) {
        if (exported == null) {
            throw new UnlinkableException("unknown import " + describe(imp));
        }
        if (exported != imp.importType()) {
            throw new UnlinkableException("incompatible import type: " + describe(imp) + " is a " + exported);
        }
    }

    private static String describe(Import imp) {
        return imp.module() + "." + imp.name() + " (" + imp.importType() + ")";
    }
}
