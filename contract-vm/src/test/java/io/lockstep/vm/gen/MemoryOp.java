package io.lockstep.vm.gen;

import static io.lockstep.vm.ValueKind.F32;
import static io.lockstep.vm.ValueKind.F64;
import static io.lockstep.vm.ValueKind.I32;
import static io.lockstep.vm.ValueKind.I64;

import io.lockstep.vm.ValueKind;
import java.util.ArrayList;
import java.util.List;

/** A load or store of every width: the value kind it moves and how many bytes it touches. */
record MemoryOp(int code, ValueKind kind, int width, boolean store) {

    static final List<MemoryOp> LOADS = List.of(
            new MemoryOp(0x28, I32, 4, false),
            new MemoryOp(0x29, I64, 8, false),
            new MemoryOp(0x2A, F32, 4, false),
            new MemoryOp(0x2B, F64, 8, false),
            new MemoryOp(0x2C, I32, 1, false),
            new MemoryOp(0x2D, I32, 1, false),
            new MemoryOp(0x2E, I32, 2, false),
            new MemoryOp(0x2F, I32, 2, false),
            new MemoryOp(0x30, I64, 1, false),
            new MemoryOp(0x31, I64, 1, false),
            new MemoryOp(0x32, I64, 2, false),
            new MemoryOp(0x33, I64, 2, false),
            new MemoryOp(0x34, I64, 4, false),
            new MemoryOp(0x35, I64, 4, false));

    static final List<MemoryOp> STORES = List.of(
            new MemoryOp(0x36, I32, 4, true),
            new MemoryOp(0x37, I64, 8, true),
            new MemoryOp(0x38, F32, 4, true),
            new MemoryOp(0x39, F64, 8, true),
            new MemoryOp(0x3A, I32, 1, true),
            new MemoryOp(0x3B, I32, 2, true),
            new MemoryOp(0x3C, I64, 1, true),
            new MemoryOp(0x3D, I64, 2, true),
            new MemoryOp(0x3E, I64, 4, true));

    /** log2 of the width: the largest alignment hint that validates. */
    int naturalAlignment() {
        return Integer.numberOfTrailingZeros(width);
    }

    static List<MemoryOp> loadsOf(ValueKind kind) {
        List<MemoryOp> ops = new ArrayList<>();
        for (MemoryOp op : LOADS) {
            if (op.kind == kind) {
                ops.add(op);
            }
        }
        return ops;
    }
}
