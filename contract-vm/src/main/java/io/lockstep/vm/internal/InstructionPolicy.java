package io.lockstep.vm.internal;

import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.OpCode;
import io.lockstep.vm.RejectReason;
import io.lockstep.vm.VmLimits;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The instruction whitelist: WebAssembly MVP, sign extension, saturating truncation, multi-value and
 * bulk memory. Everything else (SIMD, atomics, reference-type instructions, GC, exceptions, tail calls)
 * is refused until it has been made deterministic and metered.
 */
final class InstructionPolicy {

    private static final Set<OpCode> ADMITTED = admitted();

    private InstructionPolicy() {}

    private static Set<OpCode> admitted() {
        EnumSet<OpCode> set = EnumSet.noneOf(OpCode.class);
        for (OpCode op : OpCode.values()) {
            int code = op.opcode();
            boolean core = code <= 0xC4;
            boolean satTruncAndBulk = code >= 0xFC00 && code <= 0xFC0E;
            if (core || satTruncAndBulk) {
                set.add(op);
            }
        }
        set.removeAll(EnumSet.of(
                OpCode.THROW,
                OpCode.THROW_REF,
                OpCode.TRY_TABLE,
                OpCode.RETURN_CALL,
                OpCode.RETURN_CALL_INDIRECT,
                OpCode.CALL_REF,
                OpCode.RETURN_CALL_REF,
                OpCode.TABLE_GET,
                OpCode.TABLE_SET));
        return set;
    }

    static void check(int functionIndex, FunctionBody body, VmLimits limits) {
        List<AnnotatedInstruction> instructions = body.instructions();
        for (int i = 0; i < instructions.size(); i++) {
            AnnotatedInstruction ins = instructions.get(i);
            OpCode op = ins.opcode();
            if ((op == OpCode.MEMORY_SIZE || op == OpCode.MEMORY_GROW)
                    && i + 1 < instructions.size()
                    && instructions.get(i + 1).address() - ins.address() != 2) {
                // Chicory reads the memory index as a LEB128 (multi-memory); WebAssembly 2.0 requires
                // the single byte 0x00.
                throw new ModuleRejectedException(
                        RejectReason.MALFORMED,
                        "zero byte expected after " + op.name().toLowerCase(java.util.Locale.ROOT) + " in function "
                                + functionIndex);
            }
            if (!ADMITTED.contains(op)) {
                throw new ModuleRejectedException(
                        RejectReason.FEATURE_NOT_ALLOWED,
                        "instruction " + op.name().toLowerCase(java.util.Locale.ROOT) + " (" + feature(op)
                                + ") in function " + functionIndex + " is not admitted");
            }
            if (op == OpCode.SELECT_T) {
                for (long type : ins.operands()) {
                    ModuleLayout.checkValueType((int) type);
                }
            }
            if (op == OpCode.BR_TABLE && ins.operandCount() - 1 > limits.maxBrTableTargets()) {
                throw new ModuleRejectedException(
                        RejectReason.LIMIT_EXCEEDED,
                        "br_table with " + (ins.operandCount() - 1) + " targets in function " + functionIndex
                                + " exceeds the limit " + limits.maxBrTableTargets());
            }
            if (ins.depth() > limits.maxBlockNesting()) {
                throw new ModuleRejectedException(
                        RejectReason.LIMIT_EXCEEDED,
                        "blocks nested " + ins.depth() + " deep in function " + functionIndex + " exceed the limit "
                                + limits.maxBlockNesting());
            }
        }
    }

    private static String feature(OpCode op) {
        int code = op.opcode();
        if (code >= 0xFD00 && code <= 0xFDFF) {
            return "SIMD";
        }
        if (code >= 0xFE00 && code <= 0xFEFF) {
            return "threads";
        }
        if (code >= 0xFB00 && code <= 0xFBFF) {
            return "garbage collection";
        }
        switch (op) {
            case THROW:
            case THROW_REF:
            case TRY_TABLE:
                return "exception handling";
            case RETURN_CALL:
            case RETURN_CALL_INDIRECT:
            case RETURN_CALL_REF:
                return "tail calls";
            case CALL_REF:
            case BR_ON_NULL:
            case BR_ON_NON_NULL:
            case REF_AS_NON_NULL:
            case REF_EQ:
                return "function references";
            default:
                return "reference types";
        }
    }
}
