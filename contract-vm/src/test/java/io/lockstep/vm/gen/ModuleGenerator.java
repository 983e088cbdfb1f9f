package io.lockstep.vm.gen;

import static io.lockstep.vm.ValueKind.F32;
import static io.lockstep.vm.ValueKind.F64;
import static io.lockstep.vm.ValueKind.I32;
import static io.lockstep.vm.ValueKind.I64;

import io.lockstep.vm.ValueKind;
import io.lockstep.vm.WasmValue;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates a valid module from a seed: one to five functions over i32/i64/f32/f64 (function 0 is the
 * main one), an optional funcref table with uninitialized slots, an optional memory with a maximum, active
 * and passive data, globals, and an exported {@value #ENTRY} wrapper that calls the main function with
 * fixed arguments and digests the state it leaves. The same seed gives the same bytes on every JVM.
 */
public final class ModuleGenerator {

    public static final String ENTRY = "entry";

    private static final long DIGEST_MULTIPLIER = 0x9E37_79B9_7F4A_7C15L;
    private static final int HASHED_MEMORY_BYTES = 256;

    /** The smallest and largest instruction budget of one generated function. */
    private final int minBudget;

    private final int maxBudget;

    /** Generator with function bodies of 20 to 160 instructions. */
    public ModuleGenerator() {
        this(20, 160);
    }

    public ModuleGenerator(int minBudget, int maxBudget) {
        this.minBudget = minBudget;
        this.maxBudget = maxBudget;
    }

    public GeneratedModule generate(long seed) {
        SeededRandom rnd = new SeededRandom(seed);
        ModuleEncoder encoder = new ModuleEncoder();

        int count = rnd.between(1, 5);
        List<FuncType> types = new ArrayList<>();
        for (int f = 0; f < count; f++) {
            if (f > 1 && rnd.percent(30)) {
                types.add(types.get(rnd.between(1, f - 1))); // shared signatures make call_indirect hit
            } else {
                types.add(new FuncType(kinds(rnd, 0, 4), kinds(rnd, f == 0 ? 1 : 0, f == 0 ? 3 : 2)));
            }
        }
        for (FuncType t : types) {
            encoder.typeIndex(t); // function types first, so their indices do not depend on body contents
        }
        ModuleShape.CallPolicy policy = ModuleShape.CallPolicy.values()[rnd.weighted(55, 25, 20)];

        List<ValueKind> globalKinds = new ArrayList<>();
        List<Boolean> globalMutable = new ArrayList<>();
        int globals = rnd.below(6);
        for (int g = 0; g < globals; g++) {
            ValueKind kind = ValueKind.values()[rnd.below(4)];
            boolean mutable = rnd.percent(70);
            globalKinds.add(kind);
            globalMutable.add(mutable);
            encoder.global(kind, mutable, InterestingValues.bits(kind, rnd));
        }
        int recursionGlobal = -1;
        if (policy == ModuleShape.CallPolicy.GUARDED) {
            recursionGlobal = globalKinds.size();
            globalKinds.add(I32);
            globalMutable.add(false); // generated code must not refill the budget
            encoder.global(I32, true, rnd.between(5, 400));
        }

        int memoryPages = -1;
        List<Integer> passiveData = new ArrayList<>();
        if (rnd.percent(92)) {
            memoryPages = rnd.weighted(8, 80, 12);
            encoder.memory(memoryPages, Math.max(1, memoryPages + rnd.below(4)));
            data(rnd, encoder, memoryPages, passiveData);
        }

        List<Integer> slots = new ArrayList<>();
        if (rnd.percent(70)) {
            table(rnd, encoder, count, slots);
        }

        ModuleShape shape = new ModuleShape(
                encoder, types, globalKinds, globalMutable, recursionGlobal, memoryPages, slots, passiveData, policy);
        for (int f = 0; f < count; f++) {
            FunctionGenerator.Body body =
                    new FunctionGenerator(shape, f, rnd, rnd.between(minBudget, maxBudget)).generate();
            encoder.function(encoder.typeIndex(types.get(f)), body.declaredLocals(), body.instructions());
        }

        FuncType main = types.get(0);
        List<ValueKind> entryResults = new ArrayList<>(main.results());
        entryResults.add(I64);
        int entryIndex = count;
        encoder.function(
                encoder.typeIndex(new FuncType(main.params(), entryResults)), entryLocals(main), entryBody(rnd, shape));
        encoder.exportFunction(ENTRY, entryIndex);

        List<WasmValue> args = new ArrayList<>();
        for (ValueKind kind : main.params()) {
            args.add(new WasmValue(kind, InterestingValues.bits(kind, rnd)));
        }
        return new GeneratedModule(seed, encoder.encode(), ENTRY, args, entryResults);
    }

    private static void data(SeededRandom rnd, ModuleEncoder encoder, int pages, List<Integer> passiveData) {
        int active = pages > 0 ? rnd.below(4) : 0;
        for (int i = 0; i < active; i++) {
            byte[] bytes = dataBytes(rnd);
            // now and then a segment that does not fit: instantiation must fail the same way everywhere
            int offset = rnd.percent(1) ? pages * 65_536 - 2 : rnd.between(0, HASHED_MEMORY_BYTES - 8);
            encoder.data(true, offset, bytes);
            passiveData.add(-1);
        }
        int passive = rnd.below(3);
        for (int i = 0; i < passive; i++) {
            byte[] bytes = dataBytes(rnd);
            encoder.data(false, 0, bytes);
            passiveData.add(bytes.length);
        }
    }

    /** Bytes made of interesting values (NaN payloads, subnormals, boundaries), little-endian as memory holds them. */
    private static byte[] dataBytes(SeededRandom rnd) {
        WasmBytes bytes = new WasmBytes();
        int values = rnd.between(0, 8);
        for (int i = 0; i < values; i++) {
            ValueKind kind = ValueKind.values()[rnd.below(4)];
            long bits = InterestingValues.bits(kind, rnd);
            int width = kind.is32Bit() ? 4 : 8;
            for (int b = 0; b < width; b++) {
                bytes.u8((int) (bits >>> (8 * b)));
            }
            if (rnd.percent(30)) {
                bytes.u8(rnd.nextInt()); // misalign what follows
            }
        }
        return bytes.toByteArray();
    }

    private static void table(SeededRandom rnd, ModuleEncoder encoder, int functions, List<Integer> slots) {
        int entries = rnd.between(1, 6);
        int empty = rnd.below(4);
        int size = entries + empty;
        int offset = rnd.between(0, empty);
        if (rnd.percent(1)) {
            offset = size; // an element segment that does not fit
        }
        List<Integer> elements = new ArrayList<>();
        for (int i = 0; i < entries; i++) {
            elements.add(rnd.below(functions));
        }
        for (int slot = 0; slot < size; slot++) {
            int e = slot - offset;
            slots.add(e >= 0 && e < entries ? elements.get(e) : -1);
        }
        encoder.table(size, rnd.percent(50) ? size : -1, offset, elements);
    }

    private static List<ValueKind> entryLocals(FuncType main) {
        List<ValueKind> locals = new ArrayList<>(main.results());
        locals.add(I64); // digest
        locals.add(I32); // memory cursor
        return locals;
    }

    /**
     * Calls the main function, passes each float result through one NaN-producing operation (so a NaN
     * result must come out canonical), then appends a digest of every global and the first 256 bytes of
     * memory, so that state the results do not show is compared too.
     */
    private static WasmBytes entryBody(SeededRandom rnd, ModuleShape shape) {
        FuncType main = shape.functionTypes().get(0);
        int params = main.params().size();
        int firstScratch = params;
        int digest = params + main.results().size();
        int cursor = digest + 1;
        WasmBytes out = new WasmBytes();
        for (int p = 0; p < params; p++) {
            out.u8(Op.LOCAL_GET).u32(p);
        }
        out.u8(Op.CALL).u32(0);
        for (int r = main.results().size() - 1; r >= 0; r--) {
            out.u8(Op.LOCAL_SET).u32(firstScratch + r);
        }
        for (int r = 0; r < main.results().size(); r++) {
            ValueKind kind = main.results().get(r);
            if (kind == F32 || kind == F64) {
                canonicalizingOperation(rnd, out, kind, firstScratch + r);
            } else {
                out.u8(Op.LOCAL_GET).u32(firstScratch + r);
            }
        }
        out.u8(Op.I64_CONST).s64(rnd.nextLong());
        for (int g = 0; g < shape.globalKinds().size(); g++) {
            out.u8(Op.GLOBAL_GET).u32(g);
            widenToI64(out, shape.globalKinds().get(g));
            mix(out);
        }
        if (shape.hasMemory()) {
            out.u8(Op.MEMORY_SIZE).u8(0x00).u8(Op.I64_EXTEND_I32_U);
            mix(out);
            out.u8(Op.LOCAL_SET).u32(digest);
            out.u8(Op.MEMORY_SIZE).u8(0x00).u8(Op.IF).u8(Op.EMPTY_BLOCK);
            out.u8(Op.I32_CONST).s32(0).u8(Op.LOCAL_SET).u32(cursor);
            out.u8(Op.LOOP).u8(Op.EMPTY_BLOCK);
            out.u8(Op.LOCAL_GET).u32(digest).u8(Op.LOCAL_GET).u32(cursor);
            out.u8(Op.I64_LOAD).u32(3).u32(0);
            mix(out);
            out.u8(Op.LOCAL_SET).u32(digest);
            out.u8(Op.LOCAL_GET).u32(cursor).u8(Op.I32_CONST).s32(8).u8(Op.I32_ADD);
            out.u8(Op.LOCAL_TEE)
                    .u32(cursor)
                    .u8(Op.I32_CONST)
                    .s32(HASHED_MEMORY_BYTES)
                    .u8(Op.I32_LT_U);
            out.u8(Op.BR_IF).u32(0);
            out.u8(Op.END).u8(Op.END);
            out.u8(Op.LOCAL_GET).u32(digest);
        }
        return out;
    }

    /** [digest, value] -> [rotl(digest ^ value, 23) * multiplier]. */
    private static void mix(WasmBytes out) {
        out.u8(Op.I64_XOR).u8(Op.I64_CONST).s64(23).u8(Op.I64_ROTL);
        out.u8(Op.I64_CONST).s64(DIGEST_MULTIPLIER).u8(Op.I64_MUL);
    }

    private static void widenToI64(WasmBytes out, ValueKind kind) {
        switch (kind) {
            case I32 -> out.u8(Op.I64_EXTEND_I32_U);
            case I64 -> {}
            case F32 -> out.u8(Op.I32_REINTERPRET_F32).u8(Op.I64_EXTEND_I32_U);
            case F64 -> out.u8(Op.I64_REINTERPRET_F64);
        }
    }

    /** Pushes local {@code local} through a NaN-producing operation with an interesting second operand. */
    private static void canonicalizingOperation(SeededRandom rnd, WasmBytes out, ValueKind kind, int local) {
        List<NumericOp> candidates = new ArrayList<>();
        for (NumericOp op : NumericOp.producing(kind)) {
            if (op.canonicalNan() && op.operands().stream().allMatch(o -> o == kind)) {
                candidates.add(op);
            }
        }
        NumericOp op = rnd.pick(candidates);
        boolean constantFirst = op.operands().size() == 2 && rnd.percent(50);
        if (constantFirst) {
            ModuleEncoder.constant(out, kind, InterestingValues.bits(kind, rnd));
        }
        out.u8(Op.LOCAL_GET).u32(local);
        if (op.operands().size() == 2 && !constantFirst) {
            ModuleEncoder.constant(out, kind, InterestingValues.bits(kind, rnd));
        }
        op.encode(out);
    }

    private static List<ValueKind> kinds(SeededRandom rnd, int min, int max) {
        int n = rnd.between(min, max);
        List<ValueKind> kinds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            kinds.add(ValueKind.values()[rnd.below(4)]);
        }
        return kinds;
    }
}
