package io.lockstep.vm.gen;

/** Opcodes the generator emits outside the numeric table of {@link NumericOp}. */
final class Op {

    private Op() {}

    static final int UNREACHABLE = 0x00;
    static final int NOP = 0x01;
    static final int BLOCK = 0x02;
    static final int LOOP = 0x03;
    static final int IF = 0x04;
    static final int ELSE = 0x05;
    static final int END = 0x0B;
    static final int BR = 0x0C;
    static final int BR_IF = 0x0D;
    static final int BR_TABLE = 0x0E;
    static final int RETURN = 0x0F;
    static final int CALL = 0x10;
    static final int CALL_INDIRECT = 0x11;
    static final int DROP = 0x1A;
    static final int SELECT = 0x1B;
    static final int SELECT_TYPED = 0x1C;
    static final int LOCAL_GET = 0x20;
    static final int LOCAL_SET = 0x21;
    static final int LOCAL_TEE = 0x22;
    static final int GLOBAL_GET = 0x23;
    static final int GLOBAL_SET = 0x24;
    static final int MEMORY_SIZE = 0x3F;
    static final int MEMORY_GROW = 0x40;
    static final int I32_CONST = 0x41;
    static final int I64_CONST = 0x42;
    static final int F32_CONST = 0x43;
    static final int F64_CONST = 0x44;
    static final int I32_EQZ = 0x45;
    static final int I32_LT_U = 0x49;
    static final int I32_ADD = 0x6A;
    static final int I32_SUB = 0x6B;
    static final int I32_AND = 0x71;
    static final int I32_SHL = 0x74;
    static final int I64_XOR = 0x85;
    static final int I64_MUL = 0x7E;
    static final int I64_ROTL = 0x89;
    static final int I64_EXTEND_I32_U = 0xAD;
    static final int I32_REINTERPRET_F32 = 0xBC;
    static final int I64_REINTERPRET_F64 = 0xBD;
    static final int I64_LOAD = 0x29;

    static final int PREFIX_FC = 0xFC;
    static final int MEMORY_INIT = 8;
    static final int DATA_DROP = 9;
    static final int MEMORY_COPY = 10;
    static final int MEMORY_FILL = 11;

    static final int EMPTY_BLOCK = 0x40;
}
