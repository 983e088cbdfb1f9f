package io.lockstep.vm.gen;

import io.lockstep.vm.ValueKind;
import java.util.List;

/**
 * Everything about a module that its function bodies may refer to: function signatures, globals, memory,
 * table slots, passive data, and how calls may form cycles.
 *
 * @param functionTypes the signature of each generated function, by function index
 * @param globalKinds the kind of each global
 * @param globalMutable whether each global may be set by generated code (the recursion budget may not)
 * @param recursionGlobal index of the i32 global that bounds calls under {@link CallPolicy#GUARDED}, or -1
 * @param memoryPages initial memory pages, or -1 when the module has no memory
 * @param tableSlots the function in each table slot, -1 for an uninitialized slot; empty when no table
 * @param passiveData the length of each data segment, -1 for active ones (only passive ones are init targets)
 */
record ModuleShape(
        ModuleEncoder encoder,
        List<FuncType> functionTypes,
        List<ValueKind> globalKinds,
        List<Boolean> globalMutable,
        int recursionGlobal,
        int memoryPages,
        List<Integer> tableSlots,
        List<Integer> passiveData,
        CallPolicy callPolicy) {

    /** How generated functions may call each other. */
    enum CallPolicy {
        /** Function i calls only functions after it: no recursion except through a stray indirect call. */
        ACYCLIC,
        /** Any call, but every function entry spends one unit of a global budget and returns early at zero. */
        GUARDED,
        /** Any call, unbounded: recursion runs until the depth budget or the fuel ends it. */
        UNBOUNDED
    }

    boolean hasMemory() {
        return memoryPages >= 0;
    }

    boolean hasTable() {
        return !tableSlots.isEmpty();
    }

    /** Whether function {@code caller} may call {@code callee} directly. */
    boolean mayCall(int caller, int callee) {
        return callPolicy != CallPolicy.ACYCLIC || callee > caller;
    }
}
