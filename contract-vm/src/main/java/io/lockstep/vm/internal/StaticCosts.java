package io.lockstep.vm.internal;

import com.dylibso.chicory.wasm.types.OpCode;
import io.lockstep.vm.CostTable;

/** Maps each admitted instruction to its static fuel cost under a {@link CostTable}. */
final class StaticCosts {

    private final CostTable table;

    StaticCosts(CostTable table) {
        this.table = table;
    }

    long of(OpCode op) {
        switch (op) {
                // structure only: the branch that reaches or leaves a block pays
            case NOP:
            case BLOCK:
            case LOOP:
            case ELSE:
            case END:
                return 0;
            case IF:
            case BR:
            case BR_IF:
            case RETURN:
            case UNREACHABLE:
                return table.branch();
            case BR_TABLE:
                return table.brTable();
            case CALL:
                return table.call();
            case CALL_INDIRECT:
                return table.callIndirect();
            case MEMORY_SIZE:
                return table.memorySize();
            case MEMORY_GROW:
                return table.memoryGrowBase();
            case MEMORY_INIT:
            case MEMORY_COPY:
            case MEMORY_FILL:
            case DATA_DROP:
            case TABLE_INIT:
            case TABLE_COPY:
            case ELEM_DROP:
                return table.bulkBase();
            case I32_DIV_S:
            case I32_DIV_U:
            case I32_REM_S:
            case I32_REM_U:
            case I64_DIV_S:
            case I64_DIV_U:
            case I64_REM_S:
            case I64_REM_U:
                return table.integerDivision();
            case F32_DIV:
            case F64_DIV:
            case F32_SQRT:
            case F64_SQRT:
                return table.floatDivision();
            default:
                break;
        }
        int code = op.opcode();
        if (code >= 0x28 && code <= 0x3E) {
            return table.memoryAccess();
        }
        if (isFloatOp(code)) {
            return table.floatOp();
        }
        return table.simple();
    }

    /** Float arithmetic, comparison and conversion, including the saturating truncations. */
    private static boolean isFloatOp(int code) {
        return (code >= 0x5B && code <= 0x66) // float comparisons
                || (code >= 0x8B && code <= 0xA6) // float arithmetic
                || (code >= 0xA8 && code <= 0xAB) // i32.trunc_f*
                || (code >= 0xAE && code <= 0xBB) // i64.trunc_f*, converts, demote, promote
                || (code >= 0xFC00 && code <= 0xFC07); // saturating truncation
    }
}
