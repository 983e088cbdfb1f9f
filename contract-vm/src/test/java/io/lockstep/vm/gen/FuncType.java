package io.lockstep.vm.gen;

import io.lockstep.vm.ValueKind;
import java.util.List;

/** A function (or multi-value block) type. */
public record FuncType(List<ValueKind> params, List<ValueKind> results) {

    public FuncType {
        params = List.copyOf(params);
        results = List.copyOf(results);
    }

    static int code(ValueKind kind) {
        switch (kind) {
            case I32:
                return 0x7F;
            case I64:
                return 0x7E;
            case F32:
                return 0x7D;
            case F64:
                return 0x7C;
            default:
                throw new IllegalArgumentException("no value type code for " + kind);
        }
    }

    void encode(WasmBytes out) {
        out.u8(0x60).u32(params.size());
        params.forEach(p -> out.u8(code(p)));
        out.u32(results.size());
        results.forEach(r -> out.u8(code(r)));
    }
}
