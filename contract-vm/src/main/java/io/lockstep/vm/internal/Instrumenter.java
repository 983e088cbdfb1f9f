package io.lockstep.vm.internal;

import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.AnnotatedInstruction;
import com.dylibso.chicory.wasm.types.Element;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import io.lockstep.vm.CostTable;
import io.lockstep.vm.RejectReason;
import io.lockstep.vm.VmLimits;
import java.util.BitSet;
import java.util.List;

/**
 * Rewrites a validated module so that it runs deterministically on any engine:
 *
 * <ul>
 *   <li>fuel: each straight-line segment subtracts its static cost from a fuel global at its start, and
 *       {@code memory.grow}, bulk memory and table operations subtract a size-dependent cost before they
 *       run. The fuel global going negative ends the call as out of fuel; it is tested where that can be
 *       observed (see {@link FunctionRewriter#checkPoints}), not after every segment;
 *   <li>canonical NaN after every NaN-producing float operation;
 *   <li>{@code abs}, {@code neg}, {@code copysign} as integer bit operations;
 *   <li>a stack-depth global that every function raises by its frame weight on entry and every call site
 *       restores on return; exceeding the budget traps (reported as call stack exhausted);
 *   <li>the memory maximum clamped to the chain's page limit.
 * </ul>
 *
 * <p>Original instruction bytes are copied unchanged (Chicory records each instruction's offset); new
 * globals and locals are appended after the existing ones, so no index in the module changes. The
 * rewrite is versioned by {@link #VERSION}: changing what it emits is a chain upgrade.
 */
final class Instrumenter {

    /**
     * Version of the injected code; part of the chain's numeric specification. Version 2 tests the fuel
     * counter only at the check points instead of after every segment; fuel charged and every outcome
     * are the same as version 1's.
     */
    static final int VERSION = 2;

    /** Parameters and locals that make one stack-frame unit beyond the first. */
    static final int LOCALS_PER_FRAME_UNIT = 32;

    private static final int CANONICAL_NAN_32 = 0x7FC0_0000;
    private static final long CANONICAL_NAN_64 = 0x7FF8_0000_0000_0000L;

    /** The result: instrumented bytes and where the injected globals live. */
    record Result(byte[] bytes, int fuelGlobal, int depthGlobal) {}

    private final byte[] module;
    private final ModuleLayout layout;
    private final WasmModule parsed;
    private final CostTable costs;
    private final StaticCosts staticCosts;
    private final VmLimits limits;
    private final boolean clampMemory;

    private int fuelGlobal;
    private int depthGlobal;
    private BitSet entryPoints;

    Instrumenter(
            byte[] module,
            ModuleLayout layout,
            WasmModule parsed,
            CostTable costs,
            VmLimits limits,
            boolean clampMemory) {
        this.module = module;
        this.layout = layout;
        this.parsed = parsed;
        this.costs = costs;
        this.staticCosts = new StaticCosts(costs);
        this.limits = limits;
        this.clampMemory = clampMemory;
    }

    Result instrument() {
        int importedGlobals = parsed.importSection().count(ExternalType.GLOBAL);
        int definedGlobals = parsed.globalSection().globalCount();
        fuelGlobal = importedGlobals + definedGlobals;
        depthGlobal = fuelGlobal + 1;
        entryPoints = entryPoints();

        ByteSink out = new ByteSink(module.length * 2 + 64);
        out.bytes(module, 0, 8);
        boolean globalsWritten = false;
        for (ModuleLayout.Section s : layout.sections) {
            if (!globalsWritten
                    && s.id() != ModuleLayout.CUSTOM
                    && ModuleLayout.rank(s.id()) > ModuleLayout.rank(ModuleLayout.GLOBAL)) {
                out.section(ModuleLayout.GLOBAL, globals(null));
                globalsWritten = true;
            }
            switch (s.id()) {
                case ModuleLayout.GLOBAL:
                    out.section(ModuleLayout.GLOBAL, globals(s));
                    globalsWritten = true;
                    break;
                case ModuleLayout.MEMORY:
                    out.section(ModuleLayout.MEMORY, clampMemory ? memory() : copy(s));
                    break;
                case ModuleLayout.CODE:
                    out.section(ModuleLayout.CODE, code());
                    break;
                default:
                    out.section(s.id(), copy(s));
                    break;
            }
        }
        if (!globalsWritten) {
            out.section(ModuleLayout.GLOBAL, globals(null));
        }
        return new Result(out.toByteArray(), fuelGlobal, depthGlobal);
    }

    /**
     * Functions through which control can return to the host: exported functions, the start function,
     * and (conservatively) every function placed in a table, which a linked module could call.
     */
    private BitSet entryPoints() {
        BitSet entries = new BitSet();
        var exports = parsed.exportSection();
        for (int i = 0; i < exports.exportCount(); i++) {
            Export export = exports.getExport(i);
            if (export.exportType() == ExternalType.FUNCTION) {
                entries.set(export.index());
            }
        }
        parsed.startSection().ifPresent(start -> entries.set((int) start.startIndex()));
        for (Element element : parsed.elementSection().elements()) {
            for (List<Instruction> init : element.initializers()) {
                for (Instruction ins : init) {
                    if (ins.opcode() == OpCode.REF_FUNC) {
                        entries.set((int) ins.operand(0));
                    }
                }
            }
        }
        return entries;
    }

    private ByteSink copy(ModuleLayout.Section s) {
        return new ByteSink(s.end() - s.start()).bytes(module, s.start(), s.end());
    }

    /** The original globals followed by the fuel (i64) and depth (i32) globals, both mutable and zero. */
    private ByteSink globals(ModuleLayout.Section existing) {
        ByteSink payload = new ByteSink(64);
        if (existing == null) {
            payload.u32(2);
        } else {
            ByteReader in = new ByteReader(module, existing.start(), existing.end());
            long count = in.u32();
            payload.u32(count + 2);
            payload.bytes(module, in.pos(), existing.end());
        }
        payload.u8(0x7E).u8(0x01).u8(0x42).u8(0x00).u8(0x0B);
        payload.u8(0x7F).u8(0x01).u8(0x41).u8(0x00).u8(0x0B);
        return payload;
    }

    /** The memory with its maximum clamped to the chain's page limit. */
    private ByteSink memory() {
        var section = parsed.memorySection().orElseThrow();
        if (section.memoryCount() == 0) {
            return new ByteSink(1).u32(0);
        }
        var memory = section.getMemory(0).limits();
        int limit = limits.maxMemoryPages();
        if (memory.initialPages() > limit) {
            throw new ModuleRejectedException(
                    RejectReason.LIMIT_EXCEEDED,
                    "memory starts at " + memory.initialPages() + " pages, more than the limit " + limit);
        }
        int max = Math.min(memory.maximumPages(), limit);
        return new ByteSink(16).u32(1).u8(0x01).u32(memory.initialPages()).u32(max);
    }

    private ByteSink code() {
        ByteSink payload = new ByteSink(module.length * 2);
        int imported = parsed.importSection().count(ExternalType.FUNCTION);
        List<ModuleLayout.Body> bodies = layout.bodies;
        payload.u32(bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            FunctionType type = parsed.functionSection().getFunctionType(i, parsed.typeSection());
            FunctionBody body = parsed.codeSection().getFunctionBody(i);
            ByteSink rewritten = new FunctionRewriter(
                            imported + i, type, body, bodies.get(i), entryPoints.get(imported + i))
                    .rewrite();
            payload.u32(rewritten.size());
            payload.bytes(rewritten);
        }
        return payload;
    }

    /** Rewrites one function body. */
    private final class FunctionRewriter {
        private final int functionIndex;
        private final boolean entryPoint;
        private final FunctionBody body;
        private final ModuleLayout.Body range;
        private final int params;
        private final int tmpI32;
        private final int myDepth;
        private final int tmpI64;
        private final int tmpF32;
        private final int tmpF64;
        private final ByteSink out;

        FunctionRewriter(
                int functionIndex, FunctionType type, FunctionBody body, ModuleLayout.Body range, boolean entryPoint) {
            this.functionIndex = functionIndex;
            this.entryPoint = entryPoint;
            this.body = body;
            this.range = range;
            this.params = type.params().size();
            int base = params + body.localTypes().size();
            this.tmpI32 = base;
            this.myDepth = base + 1;
            this.tmpI64 = base + 2;
            this.tmpF32 = base + 3;
            this.tmpF64 = base + 4;
            this.out = new ByteSink((range.end() - range.start()) * 3 + 64);
        }

        ByteSink rewrite() {
            if (body.localTypes().size() != range.declaredLocals()) {
                throw new IllegalStateException("local count disagrees with the parser in function " + functionIndex);
            }
            writeLocals();
            writePrologue();
            List<AnnotatedInstruction> instructions = body.instructions();
            int n = instructions.size();
            if (n == 0 || instructions.get(0).address() != range.instructionsStart()) {
                throw new IllegalStateException(
                        "instruction offsets disagree with the body in function " + functionIndex);
            }
            long[] segmentCost = segmentCosts(instructions);
            boolean[] checkAtCharge = new boolean[n];
            boolean[] checkBefore = new boolean[n];
            checkPoints(instructions, checkAtCharge, checkBefore);
            boolean[] dead = unreachable(instructions);
            for (int i = 0; i < n; i++) {
                AnnotatedInstruction ins = instructions.get(i);
                int from = ins.address();
                int to = i + 1 < n ? instructions.get(i + 1).address() : range.end();
                if (to <= from || to > range.end()) {
                    throw new IllegalStateException("instruction offsets out of order in function " + functionIndex);
                }
                if (!dead[i] && (segmentCost[i] > 0 || checkAtCharge[i])) {
                    chargeStatic(segmentCost[i], checkAtCharge[i]);
                }
                if (!dead[i] && checkBefore[i]) {
                    out.u8(0x23).u32(fuelGlobal); // global.get $fuel
                    checkNegative();
                    out.u8(0x01); // nop: see chargeStatic
                }
                emit(ins.opcode(), from, to);
            }
            return out;
        }

        private void writeLocals() {
            ByteReader in = new ByteReader(module, range.start(), range.instructionsStart());
            long groups = in.u32();
            out.u32(groups + 4);
            out.bytes(module, in.pos(), range.instructionsStart());
            out.u32(2).u8(0x7F); // tmpI32, myDepth
            out.u32(1).u8(0x7E); // tmpI64
            out.u32(1).u8(0x7D); // tmpF32
            out.u32(1).u8(0x7C); // tmpF64
        }

        /** Raise the depth global by this frame's weight; trap once the budget is exceeded. */
        private void writePrologue() {
            long locals = (long) params + body.localTypes().size();
            int weight = (int) (1 + locals / LOCALS_PER_FRAME_UNIT);
            out.u8(0x23).u32(depthGlobal); // global.get $depth
            out.u8(0x41).s32(weight); // i32.const weight
            out.u8(0x6A); // i32.add
            out.u8(0x22).u32(myDepth); // local.tee $myDepth
            out.u8(0x24).u32(depthGlobal); // global.set $depth
            out.u8(0x20).u32(myDepth); // local.get $myDepth
            out.u8(0x41).s32(limits.maxCallDepth()); // i32.const limit
            out.u8(0x4B); // i32.gt_u
            trapIfTrue();
        }

        /**
         * Cost of the segment led by each instruction (zero where none starts). A segment starts at the
         * body's first instruction and after every instruction that can transfer control or be a branch
         * target's entry: loop, if, else, end, br, br_if, br_table, return, unreachable.
         */
        private long[] segmentCosts(List<AnnotatedInstruction> instructions) {
            int n = instructions.size();
            long[] cost = new long[n];
            int leader = 0;
            for (int i = 0; i < n; i++) {
                OpCode op = instructions.get(i).opcode();
                cost[leader] += staticCosts.of(op);
                if (endsSegment(op) && i + 1 < n) {
                    leader = i + 1;
                }
            }
            return cost;
        }

        /**
         * Where the fuel counter is tested. Testing after every segment is not needed for the outcome:
         * once the counter is negative the call can do nothing observable before one of these tests, so
         * it ends as out of fuel (all fuel used, nothing kept) exactly as if it had stopped in the
         * segment that overdrew. The tests are
         * <ul>
         *   <li>at the charge of a segment that ends with a branch to a loop (or with a {@code br_table},
         *       whatever its targets): every loop iteration passes one, and its charge is at least the
         *       branch cost, so no loop runs on without a test;
         *   <li>in an entry point (see {@link Instrumenter#entryPoints()}), at each way out: the final
         *       {@code end}, {@code return}, a branch to the function's own label; at the segment's
         *       charge when no call lies between it and the way out, else right before the way out (a
         *       callee that is not an entry point may return with the counter overdrawn), so that no
         *       call returns to the host with an overdrawn counter.
         * </ul>
         * Elsewhere the counter is only decremented, and what follows reaches a test or ends the call in
         * a way that reads the counter: a trap (the caller sees the negative counter and reports out
         * of fuel), a host function (which charges, and so fails, before it does anything),
         * {@code memory.grow} or bulk memory (whose dynamic charge tests), or a call, whose depth is
         * bounded by the stack limit.
         */
        private void checkPoints(List<AnnotatedInstruction> instructions, boolean[] atCharge, boolean[] before) {
            int n = instructions.size();
            // One entry per open block, loop or if: whether a branch to it goes back to a loop start.
            boolean[] isLoop = new boolean[n + 1];
            int open = 0;
            int leader = 0;
            boolean callSinceLeader = false;
            for (int i = 0; i < n; i++) {
                AnnotatedInstruction ins = instructions.get(i);
                OpCode op = ins.opcode();
                boolean exits = false;
                switch (op) {
                    case BLOCK:
                    case IF:
                        isLoop[open++] = false;
                        break;
                    case LOOP:
                        isLoop[open++] = true;
                        break;
                    case END:
                        if (open == 0) {
                            exits = true;
                        } else {
                            open--;
                        }
                        break;
                    case BR:
                    case BR_IF:
                        int label = (int) ins.operand(0);
                        if (label >= open) {
                            exits = true;
                        } else if (isLoop[open - 1 - label]) {
                            atCharge[leader] = true;
                        }
                        break;
                    case BR_TABLE:
                        atCharge[leader] = true;
                        exits = true;
                        break;
                    case RETURN:
                        exits = true;
                        break;
                    case CALL:
                    case CALL_INDIRECT:
                        callSinceLeader = true;
                        break;
                    default:
                        break;
                }
                if (exits && entryPoint) {
                    if (callSinceLeader) {
                        before[i] = true;
                    } else {
                        atCharge[leader] = true;
                    }
                }
                if (endsSegment(op) && i + 1 < n) {
                    leader = i + 1;
                    callSinceLeader = false;
                }
            }
        }

        /**
         * Whether control can never reach the point before each instruction: after {@code unreachable},
         * {@code br}, {@code br_table} or {@code return}, up to the {@code else} or {@code end} of the
         * block they are in. Nothing is injected there: it would never run, and Chicory's compiler
         * rejects an {@code if} in unreachable code.
         */
        private boolean[] unreachable(List<AnnotatedInstruction> instructions) {
            int n = instructions.size();
            boolean[] dead = new boolean[n];
            int open = 0;
            int deadFrom = -1; // nesting level whose rest is unreachable, or -1
            for (int i = 0; i < n; i++) {
                OpCode op = instructions.get(i).opcode();
                dead[i] = deadFrom >= 0;
                switch (op) {
                    case BLOCK:
                    case LOOP:
                    case IF:
                        open++;
                        break;
                    case ELSE:
                        if (deadFrom == open) {
                            deadFrom = -1;
                        }
                        break;
                    case END:
                        if (deadFrom == open) {
                            deadFrom = -1;
                        }
                        open--;
                        break;
                    case UNREACHABLE:
                    case BR:
                    case BR_TABLE:
                    case RETURN:
                        if (deadFrom < 0) {
                            deadFrom = open;
                        }
                        break;
                    default:
                        break;
                }
            }
            return dead;
        }

        private boolean endsSegment(OpCode op) {
            switch (op) {
                case LOOP:
                case IF:
                case ELSE:
                case END:
                case BR:
                case BR_IF:
                case BR_TABLE:
                case RETURN:
                case UNREACHABLE:
                    return true;
                default:
                    return false;
            }
        }

        private void emit(OpCode op, int from, int to) {
            switch (op) {
                case CALL:
                case CALL_INDIRECT:
                    out.bytes(module, from, to);
                    out.u8(0x20).u32(myDepth); // local.get $myDepth
                    out.u8(0x24).u32(depthGlobal); // global.set $depth
                    return;
                case MEMORY_GROW:
                    chargeTopOperand(costs.memoryGrowPerPage(), 0);
                    out.bytes(module, from, to);
                    return;
                case MEMORY_COPY:
                case MEMORY_FILL:
                case MEMORY_INIT:
                    chargeTopOperand(costs.bulkPerKiB(), 10);
                    out.bytes(module, from, to);
                    return;
                case TABLE_COPY:
                case TABLE_INIT:
                    chargeTopOperand(costs.tableBulkPerElement(), 0);
                    out.bytes(module, from, to);
                    return;
                case F32_ABS:
                    bits32(0x7FFF_FFFF, 0x71); // i32.and
                    return;
                case F32_NEG:
                    bits32(0x8000_0000, 0x73); // i32.xor
                    return;
                case F64_ABS:
                    bits64(0x7FFF_FFFF_FFFF_FFFFL, 0x83); // i64.and
                    return;
                case F64_NEG:
                    bits64(0x8000_0000_0000_0000L, 0x85); // i64.xor
                    return;
                case F32_COPYSIGN:
                    copysign32();
                    return;
                case F64_COPYSIGN:
                    copysign64();
                    return;
                default:
                    out.bytes(module, from, to);
                    if (producesF32Nan(op)) {
                        canonicalize32();
                    } else if (producesF64Nan(op)) {
                        canonicalize64();
                    }
            }
        }

        /** global fuel -= cost; at a check point, trap when it is negative. */
        private void chargeStatic(long cost, boolean check) {
            out.u8(0x23).u32(fuelGlobal); // global.get $fuel
            if (cost == 0) {
                checkNegative();
                // Chicory 1.7.5's compiler fails on a function that branches to its own label and ends
                // with an if whose body is unreachable; a nop between the check and the end avoids it.
                out.u8(0x01); // nop
                return;
            }
            out.u8(0x42).s64(cost); // i64.const cost
            out.u8(0x7D); // i64.sub
            if (check) {
                storeFuelAndCheck();
            } else {
                out.u8(0x24).u32(fuelGlobal); // global.set $fuel
            }
        }

        /**
         * Charges {@code (n * perUnit) >> shift} (rounded up when shifting) for the i32 operand {@code n}
         * on top of the stack, leaving the stack as it was.
         */
        private void chargeTopOperand(int perUnit, int shift) {
            out.u8(0x21).u32(tmpI32); // local.set $tmpI32
            out.u8(0x23).u32(fuelGlobal); // global.get $fuel
            out.u8(0x20).u32(tmpI32); // local.get $tmpI32
            out.u8(0xAD); // i64.extend_i32_u
            out.u8(0x42).s64(perUnit); // i64.const perUnit
            out.u8(0x7E); // i64.mul
            if (shift > 0) {
                out.u8(0x42).s64((1L << shift) - 1); // round up
                out.u8(0x7C); // i64.add
                out.u8(0x42).s64(shift);
                out.u8(0x88); // i64.shr_u
            }
            out.u8(0x7D); // i64.sub
            storeFuelAndCheck();
            out.u8(0x20).u32(tmpI32); // local.get $tmpI32
        }

        /** [newFuel] -> []: store it, trap if negative. */
        private void storeFuelAndCheck() {
            out.u8(0x22).u32(tmpI64); // local.tee $tmpI64
            out.u8(0x24).u32(fuelGlobal); // global.set $fuel
            out.u8(0x20).u32(tmpI64); // local.get $tmpI64
            checkNegative();
        }

        /** [fuel] -> []: trap if negative. */
        private void checkNegative() {
            out.u8(0x42).u8(0x00); // i64.const 0
            out.u8(0x53); // i64.lt_s
            trapIfTrue();
        }

        private void trapIfTrue() {
            out.u8(0x04).u8(0x40); // if (empty)
            out.u8(0x00); // unreachable
            out.u8(0x0B); // end
        }

        private void bits32(int mask, int op) {
            out.u8(0xBC); // i32.reinterpret_f32
            out.u8(0x41).s32(mask);
            out.u8(op);
            out.u8(0xBE); // f32.reinterpret_i32
        }

        private void bits64(long mask, int op) {
            out.u8(0xBD); // i64.reinterpret_f64
            out.u8(0x42).s64(mask);
            out.u8(op);
            out.u8(0xBF); // f64.reinterpret_i64
        }

        /** [magnitude, sign] -> [magnitude with sign's sign bit]. */
        private void copysign32() {
            out.u8(0xBC); // i32.reinterpret_f32 (sign)
            out.u8(0x41).s32(0x8000_0000);
            out.u8(0x71); // i32.and
            out.u8(0x21).u32(tmpI32); // local.set $tmpI32
            out.u8(0xBC); // i32.reinterpret_f32 (magnitude)
            out.u8(0x41).s32(0x7FFF_FFFF);
            out.u8(0x71); // i32.and
            out.u8(0x20).u32(tmpI32);
            out.u8(0x72); // i32.or
            out.u8(0xBE); // f32.reinterpret_i32
        }

        private void copysign64() {
            out.u8(0xBD);
            out.u8(0x42).s64(0x8000_0000_0000_0000L);
            out.u8(0x83); // i64.and
            out.u8(0x21).u32(tmpI64);
            out.u8(0xBD);
            out.u8(0x42).s64(0x7FFF_FFFF_FFFF_FFFFL);
            out.u8(0x83);
            out.u8(0x20).u32(tmpI64);
            out.u8(0x84); // i64.or
            out.u8(0xBF);
        }

        /** [x] -> [x == x ? x : canonical NaN]. */
        private void canonicalize32() {
            out.u8(0x22).u32(tmpF32); // local.tee $tmpF32
            out.u8(0x43).f32Bits(CANONICAL_NAN_32); // f32.const nan
            out.u8(0x20).u32(tmpF32);
            out.u8(0x20).u32(tmpF32);
            out.u8(0x5B); // f32.eq
            out.u8(0x1B); // select
        }

        private void canonicalize64() {
            out.u8(0x22).u32(tmpF64);
            out.u8(0x44).f64Bits(CANONICAL_NAN_64);
            out.u8(0x20).u32(tmpF64);
            out.u8(0x20).u32(tmpF64);
            out.u8(0x61); // f64.eq
            out.u8(0x1B); // select
        }
    }

    static boolean producesF32Nan(OpCode op) {
        switch (op) {
            case F32_ADD:
            case F32_SUB:
            case F32_MUL:
            case F32_DIV:
            case F32_SQRT:
            case F32_MIN:
            case F32_MAX:
            case F32_CEIL:
            case F32_FLOOR:
            case F32_TRUNC:
            case F32_NEAREST:
            case F32_DEMOTE_F64:
                return true;
            default:
                return false;
        }
    }

    static boolean producesF64Nan(OpCode op) {
        switch (op) {
            case F64_ADD:
            case F64_SUB:
            case F64_MUL:
            case F64_DIV:
            case F64_SQRT:
            case F64_MIN:
            case F64_MAX:
            case F64_CEIL:
            case F64_FLOOR:
            case F64_TRUNC:
            case F64_NEAREST:
            case F64_PROMOTE_F32:
                return true;
            default:
                return false;
        }
    }
}
