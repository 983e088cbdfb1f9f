package io.lockstep.vm.gen;

import io.lockstep.vm.ValueKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a module in the WebAssembly binary format from its parts: types (interned), functions with their
 * bodies, at most one funcref table with one active element segment, at most one memory, globals, function
 * exports and data segments (active and passive, with a data-count section so that bulk memory validates).
 */
public final class ModuleEncoder {

    /** A defined function: its type index, declared locals (after the parameters) and instruction bytes. */
    record Function(int typeIndex, List<ValueKind> locals, WasmBytes instructions) {}

    record Global(ValueKind kind, boolean mutable, long initBits) {}

    record DataSegment(boolean active, int offset, byte[] bytes) {}

    private final List<FuncType> types = new ArrayList<>();
    private final List<Function> functions = new ArrayList<>();
    private final List<Global> globals = new ArrayList<>();
    private final List<String> exportNames = new ArrayList<>();
    private final List<Integer> exportFunctions = new ArrayList<>();
    private final List<DataSegment> data = new ArrayList<>();
    private int[] tableLimits;
    private int elementOffset;
    private List<Integer> elements = List.of();
    private int[] memoryLimits;

    /** The index of {@code type}, added on first use. */
    public int typeIndex(FuncType type) {
        int index = types.indexOf(type);
        if (index >= 0) {
            return index;
        }
        types.add(type);
        return types.size() - 1;
    }

    public void function(int typeIndex, List<ValueKind> locals, WasmBytes instructions) {
        functions.add(new Function(typeIndex, List.copyOf(locals), instructions));
    }

    public void global(ValueKind kind, boolean mutable, long initBits) {
        globals.add(new Global(kind, mutable, initBits));
    }

    public void exportFunction(String name, int functionIndex) {
        exportNames.add(name);
        exportFunctions.add(functionIndex);
    }

    /** A funcref table of {@code min} entries ({@code max} negative for none) with {@code entries} at {@code offset}. */
    public void table(int min, int max, int offset, List<Integer> entries) {
        tableLimits = new int[] {min, max};
        elementOffset = offset;
        elements = List.copyOf(entries);
    }

    public void memory(int minPages, int maxPages) {
        memoryLimits = new int[] {minPages, maxPages};
    }

    public void data(boolean active, int offset, byte[] bytes) {
        data.add(new DataSegment(active, offset, bytes.clone()));
    }

    public byte[] encode() {
        WasmBytes out = new WasmBytes();
        out.u8(0x00).u8('a').u8('s').u8('m').u8(1).u8(0).u8(0).u8(0);

        WasmBytes typeSection = new WasmBytes().u32(types.size());
        types.forEach(t -> t.encode(typeSection));
        out.section(1, typeSection);

        WasmBytes functionSection = new WasmBytes().u32(functions.size());
        functions.forEach(f -> functionSection.u32(f.typeIndex()));
        out.section(3, functionSection);

        if (tableLimits != null) {
            WasmBytes table = new WasmBytes().u32(1).u8(0x70);
            limits(table, tableLimits);
            out.section(4, table);
        }
        if (memoryLimits != null) {
            WasmBytes memory = new WasmBytes().u32(1);
            limits(memory, memoryLimits);
            out.section(5, memory);
        }
        if (!globals.isEmpty()) {
            WasmBytes globalSection = new WasmBytes().u32(globals.size());
            for (Global g : globals) {
                globalSection.u8(FuncType.code(g.kind())).u8(g.mutable() ? 1 : 0);
                constant(globalSection, g.kind(), g.initBits());
                globalSection.u8(Op.END);
            }
            out.section(6, globalSection);
        }
        WasmBytes exports = new WasmBytes().u32(exportNames.size());
        for (int i = 0; i < exportNames.size(); i++) {
            exports.name(exportNames.get(i)).u8(0x00).u32(exportFunctions.get(i));
        }
        out.section(7, exports);
        if (tableLimits != null && !elements.isEmpty()) {
            WasmBytes element = new WasmBytes().u32(1).u8(0x00);
            element.u8(Op.I32_CONST).s32(elementOffset).u8(Op.END);
            element.u32(elements.size());
            elements.forEach(element::u32);
            out.section(9, element);
        }
        if (!data.isEmpty()) {
            out.section(12, new WasmBytes().u32(data.size()));
        }
        WasmBytes code = new WasmBytes().u32(functions.size());
        for (Function f : functions) {
            WasmBytes body = new WasmBytes();
            localGroups(body, f.locals());
            body.bytes(f.instructions()).u8(Op.END);
            code.u32(body.size()).bytes(body);
        }
        out.section(10, code);
        if (!data.isEmpty()) {
            WasmBytes dataSection = new WasmBytes().u32(data.size());
            for (DataSegment d : data) {
                if (d.active()) {
                    dataSection.u8(0x00).u8(Op.I32_CONST).s32(d.offset()).u8(Op.END);
                } else {
                    dataSection.u8(0x01);
                }
                dataSection.u32(d.bytes().length).bytes(d.bytes());
            }
            out.section(11, dataSection);
        }
        return out.toByteArray();
    }

    static void constant(WasmBytes out, ValueKind kind, long bits) {
        switch (kind) {
            case I32:
                out.u8(Op.I32_CONST).s32((int) bits);
                break;
            case I64:
                out.u8(Op.I64_CONST).s64(bits);
                break;
            case F32:
                out.u8(Op.F32_CONST).f32Bits((int) bits);
                break;
            case F64:
                out.u8(Op.F64_CONST).f64Bits(bits);
                break;
            default:
                throw new IllegalArgumentException("no constant of " + kind);
        }
    }

    private static void limits(WasmBytes out, int[] limits) {
        if (limits[1] < 0) {
            out.u8(0x00).u32(limits[0]);
        } else {
            out.u8(0x01).u32(limits[0]).u32(limits[1]);
        }
    }

    /** Runs of equal types as (count, type) groups, as the code section declares locals. */
    private static void localGroups(WasmBytes out, List<ValueKind> locals) {
        List<int[]> groups = new ArrayList<>();
        for (ValueKind kind : locals) {
            int code = FuncType.code(kind);
            if (!groups.isEmpty() && groups.get(groups.size() - 1)[1] == code) {
                groups.get(groups.size() - 1)[0]++;
            } else {
                groups.add(new int[] {1, code});
            }
        }
        out.u32(groups.size());
        for (int[] g : groups) {
            out.u32(g[0]).u8(g[1]);
        }
    }
}
