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
import com.dylibso.chicory.wasm.types.ValType;
import io.lockstep.vm.CostTable;
import io.lockstep.vm.RejectReason;
import io.lockstep.vm.VmLimits;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Deque;
import java.util.List;

/**
 * Rewrites a validated module so that it runs deterministically on any engine:
 *
 * <ul>
 *   <li>fuel and stack depth in one counter word ({@link FuelCounter}): each straight-line segment
 *       subtracts its static cost at its start, and {@code memory.grow}, bulk memory and table operations
 *       a size-dependent cost before they run. Each function keeps the counter in its last parameter
 *       (see {@link #stub}); the appended global carries it only across host calls, indirect calls and
 *       returns. The fuel going negative ends the call as out of fuel; it is tested where that can be
 *       observed (see {@link FunctionRewriter#checkPoints}), not after every segment;
 *   <li>canonical NaN after every NaN-producing float operation;
 *   <li>{@code abs}, {@code neg}, {@code copysign} as integer bit operations;
 *   <li>a stack depth that every function raises by its frame weight on entry and lowers on its way
 *       out; exceeding the budget traps (reported as call stack exhausted);
 *   <li>the memory maximum clamped to the chain's page limit;
 *   <li>the start section removed (the caller runs the start function itself, metered);
 *   <li>rewrites around Chicory 1.7.5 bugs: static memory offsets folded into a saturated address
 *       ({@link FunctionRewriter#memoryAccess}), block and if parameters passed through locals
 *       ({@link FunctionRewriter#emitParamBlock}), and a {@code nop} before every body's final {@code end}
 *       ({@link FunctionRewriter#rewrite}).
 * </ul>
 *
 * <p>Original instruction bytes are copied unchanged (Chicory records each instruction's offset), except
 * that local indices from the counter parameter up move by one and direct calls go to counted bodies.
 * The global, types, locals and functions are appended after the existing ones, so no index that
 * exports, tables or the host see changes. The rewrite is versioned by {@link #VERSION}: changing what it
 * emits is a chain upgrade.
 */
final class Instrumenter {

    /**
     * Version of the injected code; part of the chain's numeric specification. Version 2 tested the fuel
     * counter only at check points; version 3 put fuel and depth in one word kept in a local (a trap uses
     * all fuel); version 4 passes that word to direct callees as a parameter (ADR 0005).
     */
    static final int VERSION = 4;

    /** Parameters and locals that make one stack-frame unit beyond the first. */
    static final int LOCALS_PER_FRAME_UNIT = 32;

    private static final int CANONICAL_NAN_32 = 0x7FC0_0000;
    private static final long CANONICAL_NAN_64 = 0x7FF8_0000_0000_0000L;

    /** The result: instrumented bytes and where the injected globals live. */
    record Result(byte[] bytes, int fuelGlobal) {}

    private final byte[] module;
    private final ModuleLayout layout;
    private final WasmModule parsed;
    private final CostTable costs;
    private final StaticCosts staticCosts;
    private final VmLimits limits;
    private final boolean clampMemory;

    private int fuelGlobal;
    private BitSet entryPoints;

    /**
     * Types appended to the type section, in index order: parameter-free block types, and each defined
     * function's type with the counter parameter added.
     */
    private final List<FunctionType> appendedTypes = new ArrayList<>();

    /** Imported and defined function counts; defined function i's counted body has index imported + defined + i. */
    private int importedFunctions;

    private int definedFunctions;

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
        importedFunctions = parsed.importSection().count(ExternalType.FUNCTION);
        definedFunctions = parsed.functionSection().functionCount();
        planBlockTypes();
        for (int i = 0; i < definedFunctions; i++) {
            countedTypeIndex(i);
        }
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
                case ModuleLayout.TYPE:
                    out.section(ModuleLayout.TYPE, types(s));
                    break;
                case ModuleLayout.MEMORY:
                    out.section(ModuleLayout.MEMORY, clampMemory ? memory() : copy(s));
                    break;
                case ModuleLayout.FUNCTION:
                    out.section(ModuleLayout.FUNCTION, functions());
                    break;
                case ModuleLayout.CODE:
                    out.section(ModuleLayout.CODE, code());
                    break;
                case ModuleLayout.START:
                    // Dropped: Chicory runs a start section inside instantiation, before the fuel global
                    // can be set, so the start function would always run out of fuel. ModuleInstance
                    // calls it, metered, from PreparedModule#startFunction instead.
                    break;
                default:
                    out.section(s.id(), copy(s));
                    break;
            }
        }
        if (!globalsWritten) {
            out.section(ModuleLayout.GLOBAL, globals(null));
        }
        return new Result(out.toByteArray(), fuelGlobal);
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

    /** The original types followed by the parameter-free block types the rewrite of parameter blocks needs. */
    private ByteSink types(ModuleLayout.Section existing) {
        ByteReader in = new ByteReader(module, existing.start(), existing.end());
        long count = in.u32();
        ByteSink payload = new ByteSink(existing.end() - existing.start() + 16);
        payload.u32(count + appendedTypes.size());
        payload.bytes(module, in.pos(), existing.end());
        for (FunctionType type : appendedTypes) {
            payload.u8(0x60).u32(type.params().size());
            for (ValType p : type.params()) {
                payload.u8(valueTypeCode(p));
            }
            payload.u32(type.returns().size());
            for (ValType r : type.returns()) {
                payload.u8(valueTypeCode(r));
            }
        }
        return payload;
    }

    /** Finds (or plans to append) the type {@code [] -> results} for every block or if that has parameters. */
    private void planBlockTypes() {
        for (int i = 0; i < layout.bodies.size(); i++) {
            for (AnnotatedInstruction ins :
                    parsed.codeSection().getFunctionBody(i).instructions()) {
                FunctionType type = parameterizedBlockType(ins);
                if (type != null && type.returns().size() > 1) {
                    blockTypeIndex(type.returns());
                }
            }
        }
    }

    /** The type of a {@code block} or {@code if} that takes parameters, else null. */
    private FunctionType parameterizedBlockType(AnnotatedInstruction ins) {
        if (ins.opcode() != OpCode.BLOCK && ins.opcode() != OpCode.IF) {
            return null;
        }
        long typeIndex = blockTypeIndexAt(ins.address() + 1);
        if (typeIndex < 0) {
            return null;
        }
        FunctionType type = parsed.typeSection().getType((int) typeIndex);
        return type.params().isEmpty() ? null : type;
    }

    /** The type index of the block type at {@code pos}, or -1 for an empty or single-value block type. */
    private long blockTypeIndexAt(int pos) {
        int first = module[pos] & 0xFF;
        if (first == 0x40 || (first & 0x80) == 0 && first >= 0x40) {
            return -1;
        }
        long value = 0;
        int shift = 0;
        int b;
        do {
            b = module[pos++] & 0xFF;
            value |= (long) (b & 0x7F) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    /** The index of type {@code [] -> results}: an existing one, else one appended after the module's types. */
    private int blockTypeIndex(List<ValType> results) {
        FunctionType[] existing = parsed.typeSection().types();
        for (int t = 0; t < existing.length; t++) {
            if (existing[t].params().isEmpty() && existing[t].returns().equals(results)) {
                return t;
            }
        }
        return appendedTypeIndex(FunctionType.of(List.of(), List.copyOf(results)));
    }

    private int appendedTypeIndex(FunctionType type) {
        int appended = appendedTypes.indexOf(type);
        if (appended < 0) {
            appendedTypes.add(type);
            appended = appendedTypes.size() - 1;
        }
        return parsed.typeSection().types().length + appended;
    }

    /** The type of defined function {@code i}'s counted body: its own parameters, then the counter. */
    private int countedTypeIndex(int definedIndex) {
        FunctionType type = parsed.functionSection().getFunctionType(definedIndex, parsed.typeSection());
        List<ValType> params = new ArrayList<>(type.params());
        params.add(ValType.I64);
        return appendedTypeIndex(FunctionType.of(params, type.returns()));
    }

    private static int valueTypeCode(ValType type) {
        if (type.equals(ValType.I32)) {
            return 0x7F;
        }
        if (type.equals(ValType.I64)) {
            return 0x7E;
        }
        if (type.equals(ValType.F32)) {
            return 0x7D;
        }
        if (type.equals(ValType.F64)) {
            return 0x7C;
        }
        throw new IllegalStateException("value type " + type + " was admitted by mistake");
    }

    /** The original globals followed by the fuel counter (see {@link FuelCounter}): mutable i64, zero. */
    private ByteSink globals(ModuleLayout.Section existing) {
        ByteSink payload = new ByteSink(64);
        if (existing == null) {
            payload.u32(1);
        } else {
            ByteReader in = new ByteReader(module, existing.start(), existing.end());
            long count = in.u32();
            payload.u32(count + 1);
            payload.bytes(module, in.pos(), existing.end());
        }
        payload.u8(0x7E).u8(0x01).u8(0x42).u8(0x00).u8(0x0B);
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

    /**
     * Every defined function keeps its index and type as an entry stub (see {@link #stub}); its body
     * moves to a new function, appended after all of them, that takes the counter as a last parameter.
     * Exports, tables, the start function and the host keep calling the stubs; direct calls between the
     * module's functions go to the counted bodies and pass the counter in a register.
     */
    private ByteSink functions() {
        ByteSink payload = new ByteSink(definedFunctions * 4 + 8);
        payload.u32(2L * definedFunctions);
        for (int i = 0; i < definedFunctions; i++) {
            payload.u32(parsed.functionSection().getFunctionType(i));
        }
        for (int i = 0; i < definedFunctions; i++) {
            payload.u32(countedTypeIndex(i));
        }
        return payload;
    }

    private ByteSink code() {
        ByteSink payload = new ByteSink(module.length * 2);
        List<ModuleLayout.Body> bodies = layout.bodies;
        payload.u32(2L * bodies.size());
        for (int i = 0; i < bodies.size(); i++) {
            ByteSink stub = stub(i);
            payload.u32(stub.size());
            payload.bytes(stub);
        }
        for (int i = 0; i < bodies.size(); i++) {
            FunctionType type = parsed.functionSection().getFunctionType(i, parsed.typeSection());
            FunctionBody body = parsed.codeSection().getFunctionBody(i);
            ByteSink rewritten = new FunctionRewriter(
                            importedFunctions + i, type, body, bodies.get(i), entryPoints.get(importedFunctions + i))
                    .rewrite();
            payload.u32(rewritten.size());
            payload.bytes(rewritten);
        }
        return payload;
    }

    /** Defined function {@code i}'s stub: its arguments and the counter global, passed to its counted body. */
    private ByteSink stub(int definedIndex) {
        FunctionType type = parsed.functionSection().getFunctionType(definedIndex, parsed.typeSection());
        ByteSink body = new ByteSink(16 + 4 * type.params().size());
        body.u32(0); // no locals
        for (int p = 0; p < type.params().size(); p++) {
            body.u8(0x20).u32(p); // local.get
        }
        body.u8(0x23).u32(fuelGlobal); // global.get $counter
        body.u8(0x10).u32(countedIndex(importedFunctions + definedIndex)); // call the counted body
        body.u8(0x0B); // end
        return body;
    }

    /** The counted body of the function with index {@code functionIndex} (which must be defined). */
    private long countedIndex(long functionIndex) {
        return functionIndex + definedFunctions;
    }

    /** Rewrites one function body. */
    private final class FunctionRewriter {
        private final int functionIndex;
        private final boolean entryPoint;
        private final FunctionBody body;
        private final ModuleLayout.Body range;
        private final int params;
        private final int tmpI32;
        private final int tmpI64;
        private final int tmpF32;
        private final int tmpF64;
        private final int tmpAddress;
        /**
         * The function's working copy of the fuel counter (with this frame's weight added to its depth);
         * the global is made current only before calls, ways out and out-of-budget traps.
         */
        private final int fuel;

        /** This frame's weight in stack-depth units. */
        private final int weight;

        private final ByteSink out;

        /** Per instruction: the first of the locals its block parameters pass through, or -1. */
        private final int[] spillBase;

        /** Locals added for block parameters, after the temporaries. */
        private final List<ValType> spillLocals = new ArrayList<>();

        /** One entry per open block, loop or if: the parameter if it stands for, or null. */
        private final Deque<OpenIf> open = new ArrayDeque<>();

        /** An {@code if} whose parameters pass through locals: an else branch must reload them too. */
        private final class OpenIf {
            final FunctionType type;
            final int base;
            boolean sawElse;

            OpenIf(FunctionType type, int base) {
                this.type = type;
                this.base = base;
            }
        }

        FunctionRewriter(
                int functionIndex, FunctionType type, FunctionBody body, ModuleLayout.Body range, boolean entryPoint) {
            this.functionIndex = functionIndex;
            this.entryPoint = entryPoint;
            this.body = body;
            this.range = range;
            this.params = type.params().size();
            // local index space: the original parameters, the counter, the original locals, ours
            this.fuel = params;
            int base = params + 1 + body.localTypes().size();
            this.tmpI32 = base;
            this.tmpI64 = base + 1;
            this.tmpF32 = base + 2;
            this.tmpF64 = base + 3;
            this.tmpAddress = base + 4;
            this.weight = (int) (1 + (long) (params + body.localTypes().size()) / LOCALS_PER_FRAME_UNIT);
            this.out = new ByteSink((range.end() - range.start()) * 3 + 64);
            List<AnnotatedInstruction> instructions = body.instructions();
            this.spillBase = new int[instructions.size()];
            for (int i = 0; i < instructions.size(); i++) {
                FunctionType blockType = parameterizedBlockType(instructions.get(i));
                spillBase[i] = blockType == null ? -1 : base + 5 + spillLocals.size();
                if (blockType != null) {
                    spillLocals.addAll(blockType.params());
                }
            }
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
            boolean[] leavesFunction = new boolean[n];
            checkPoints(instructions, checkAtCharge, checkBefore, leavesFunction);
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
                    out.u8(0x20).u32(fuel); // local.get $fuel
                    checkNegative();
                    out.u8(0x01); // nop: see chargeStatic
                }
                if (!dead[i] && leavesFunction[i]) {
                    storeFuelOnReturn();
                }
                if (i == n - 1) {
                    // Chicory 1.7.5 gives a body's final end the scope of the block closed just before it;
                    // a branch to the function label then crashes its compiler (NullPointerException in
                    // WasmAnalyzer). A nop in between keeps the final end's own scope.
                    out.u8(0x01);
                }
                structure(ins, i, from, to);
            }
            return out;
        }

        private void writeLocals() {
            ByteReader in = new ByteReader(module, range.start(), range.instructionsStart());
            long groups = in.u32();
            out.u32(groups + 5 + spillLocals.size());
            out.bytes(module, in.pos(), range.instructionsStart());
            out.u32(1).u8(0x7F); // tmpI32
            out.u32(1).u8(0x7E); // tmpI64
            out.u32(1).u8(0x7D); // tmpF32
            out.u32(1).u8(0x7C); // tmpF64
            out.u32(1).u8(0x7E); // tmpAddress
            for (ValType spill : spillLocals) {
                out.u32(1).u8(valueTypeCode(spill));
            }
        }

        /** Emits one instruction, rewriting blocks and ifs with parameters and tracking which are open. */
        private void structure(AnnotatedInstruction ins, int index, int from, int to) {
            OpCode op = ins.opcode();
            switch (op) {
                case BLOCK:
                case IF:
                    if (spillBase[index] >= 0) {
                        emitParamBlock(ins, spillBase[index], to);
                        return;
                    }
                    open.push(new OpenIf(null, -1));
                    break;
                case LOOP:
                    open.push(new OpenIf(null, -1));
                    break;
                case ELSE: {
                    OpenIf top = open.peek();
                    emit(op, from, to);
                    if (top != null && top.type != null) {
                        top.sawElse = true;
                        reload(top.type, top.base);
                    }
                    return;
                }
                case END: {
                    OpenIf top = open.poll();
                    if (top != null && top.type != null && !top.sawElse) {
                        // the missing else passes the parameters through as results
                        out.u8(0x05);
                        reload(top.type, top.base);
                    }
                    break;
                }
                default:
                    break;
            }
            emit(op, from, to);
        }

        /**
         * Chicory 1.7.5 unwinds a branch out of a block or if that has parameters to the height the block
         * had with its parameters still on the stack: both engines then leave the parameters under the
         * branch values (wrong results), and the compiler emits bytecode the JVM verifier rejects when two
         * paths meet. So the parameters go to locals before the block, which takes none, and come back on
         * its first instruction (and on its else branch, made explicit when absent).
         */
        private void emitParamBlock(AnnotatedInstruction ins, int base, int to) {
            FunctionType type = parsed.typeSection().getType((int) blockTypeIndexAt(ins.address() + 1));
            boolean isIf = ins.opcode() == OpCode.IF;
            if (isIf) {
                out.u8(0x21).u32(tmpI32); // local.set $tmpI32 (the condition)
            }
            for (int p = type.params().size() - 1; p >= 0; p--) {
                out.u8(0x21).u32(base + p); // local.set
            }
            if (isIf) {
                out.u8(0x20).u32(tmpI32);
            }
            out.u8(isIf ? 0x04 : 0x02);
            List<ValType> results = type.returns();
            if (results.isEmpty()) {
                out.u8(0x40);
            } else if (results.size() == 1) {
                out.u8(valueTypeCode(results.get(0)));
            } else {
                out.s64(blockTypeIndex(results));
            }
            if (to != ins.address() + 1 + blockTypeLength(ins.address() + 1)) {
                throw new IllegalStateException(
                        "block type length disagrees with the parser in function " + functionIndex);
            }
            reload(type, base);
            open.push(isIf ? new OpenIf(type, base) : new OpenIf(null, -1));
        }

        private void reload(FunctionType type, int base) {
            for (int p = 0; p < type.params().size(); p++) {
                out.u8(0x20).u32(base + p); // local.get
            }
        }

        private int blockTypeLength(int pos) {
            int length = 1;
            while ((module[pos] & 0x80) != 0) {
                pos++;
                length++;
            }
            return length;
        }

        /** Raise the depth by this frame's weight; trap once the budget is exceeded. */
        private void writePrologue() {
            out.u8(0x20).u32(fuel); // local.get $counter (the parameter)
            out.u8(0x42).s64(weight); // i64.const weight
            out.u8(0x7C); // i64.add
            out.u8(0x22).u32(fuel); // local.tee $fuel
            out.u8(0x42).s64(FuelCounter.DEPTH_MASK);
            out.u8(0x83); // i64.and
            out.u8(0x42).s64(limits.maxCallDepth()); // i64.const limit
            out.u8(0x56); // i64.gt_u
            out.u8(0x04).u8(0x40); // if (empty)
            storeFuel();
            out.u8(0x00); // unreachable
            out.u8(0x0B); // end
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
         *   <li>at the first charge of every function, so that work between tests is bounded by the
         *       straight-line code of the active frames;
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
        private void checkPoints(
                List<AnnotatedInstruction> instructions, boolean[] atCharge, boolean[] before, boolean[] leaves) {
            // Every function tests at its first charge: a loop-free recursion that calls itself twice
            // would otherwise do exponential work between tests, bounded only by the depth budget.
            atCharge[0] = true;
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
                        for (int t = 0; t < ins.operandCount() && !exits; t++) {
                            exits = ins.operand(t) >= open;
                        }
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
                leaves[i] = exits;
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
                case CALL: {
                    long callee = new ByteReader(module, from + 1, to).u32();
                    if (callee >= importedFunctions) {
                        out.u8(0x20).u32(fuel); // local.get $counter: the callee's last argument
                        out.u8(0x10).u32(countedIndex(callee));
                    } else {
                        storeFuel(); // a host function reads and charges the global
                        out.bytes(module, from, to);
                    }
                    out.u8(0x23).u32(fuelGlobal); // global.get: what the callee left, at our depth
                    out.u8(0x21).u32(fuel);
                    return;
                }
                case CALL_INDIRECT:
                    storeFuel(); // the table holds stubs, which read the global
                    out.bytes(module, from, to);
                    out.u8(0x23).u32(fuelGlobal); // global.get: what the callee left, at our depth
                    out.u8(0x21).u32(fuel);
                    return;
                case LOCAL_GET:
                case LOCAL_SET:
                case LOCAL_TEE: {
                    // the counter parameter sits between the parameters and the declared locals
                    long index = new ByteReader(module, from + 1, to).u32();
                    out.u8(module[from]).u32(index < params ? index : index + 1);
                    return;
                }
                case MEMORY_GROW:
                    chargeGrow();
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
                case I32_LOAD:
                case I64_LOAD:
                case F32_LOAD:
                case F64_LOAD:
                case I32_LOAD8_S:
                case I32_LOAD8_U:
                case I32_LOAD16_S:
                case I32_LOAD16_U:
                case I64_LOAD8_S:
                case I64_LOAD8_U:
                case I64_LOAD16_S:
                case I64_LOAD16_U:
                case I64_LOAD32_S:
                case I64_LOAD32_U:
                    memoryAccess(from, to, -1);
                    return;
                case I32_STORE:
                case I32_STORE8:
                case I32_STORE16:
                    memoryAccess(from, to, tmpI32);
                    return;
                case I64_STORE:
                case I64_STORE8:
                case I64_STORE16:
                case I64_STORE32:
                    memoryAccess(from, to, tmpI64);
                    return;
                case F32_STORE:
                    memoryAccess(from, to, tmpF32);
                    return;
                case F64_STORE:
                    memoryAccess(from, to, tmpF64);
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

        /**
         * A load or store with a static offset becomes one with offset 0 at the effective address,
         * computed in 64 bits and saturated at 0xFFFFFFFF (out of bounds for any memory the chain admits).
         * Chicory 1.7.5's interpreter wraps {@code address + offset} past 2^32 for some store widths
         * ({@code i32.store8}, {@code i64.store32}) and writes where it should trap, while its compiler
         * traps: the two engines would disagree.
         *
         * @param valueLocal where a store's value waits while the address is computed, or -1 for a load
         */
        private void memoryAccess(int from, int to, int valueLocal) {
            ByteReader memarg = new ByteReader(module, from + 1, to);
            long align = memarg.u32();
            long offset = memarg.u32();
            if (offset == 0) {
                out.bytes(module, from, to);
                return;
            }
            if (valueLocal >= 0) {
                out.u8(0x21).u32(valueLocal); // local.set the value
            }
            out.u8(0xAD); // i64.extend_i32_u
            out.u8(0x42).s64(offset);
            out.u8(0x7C); // i64.add
            out.u8(0x22).u32(tmpAddress); // local.tee $tmpAddress
            out.u8(0x42).s64(0xFFFF_FFFFL);
            out.u8(0x20).u32(tmpAddress);
            out.u8(0x42).s64(0xFFFF_FFFFL);
            out.u8(0x58); // i64.le_u
            out.u8(0x1B); // select: the address, or 0xFFFFFFFF past the end of the address space
            out.u8(0xA7); // i32.wrap_i64
            if (valueLocal >= 0) {
                out.u8(0x20).u32(valueLocal);
            }
            out.u8(module[from]).u32(align).u32(0);
        }

        /** global fuel -= cost; at a check point, trap when it is negative. */
        private void chargeStatic(long cost, boolean check) {
            out.u8(0x20).u32(fuel); // local.get $fuel
            if (cost == 0) {
                checkNegative();
                // Chicory 1.7.5's compiler fails on a function that branches to its own label and ends
                // with an if whose body is unreachable; a nop between the check and the end avoids it.
                out.u8(0x01); // nop
                return;
            }
            out.u8(0x42).s64(FuelCounter.charge(cost)); // i64.const cost << 16
            out.u8(0x7D); // i64.sub
            if (check) {
                storeFuelAndCheck();
            } else {
                out.u8(0x21).u32(fuel); // local.set $fuel
            }
        }

        /** Makes the fuel global current, for a callee, the host, or the trap handler. */
        private void storeFuel() {
            out.u8(0x20).u32(fuel); // local.get $fuel
            out.u8(0x24).u32(fuelGlobal); // global.set $fuel
        }

        /** Makes the fuel global current for the caller: the fuel left, at the caller's depth. */
        private void storeFuelOnReturn() {
            out.u8(0x20).u32(fuel); // local.get $fuel
            out.u8(0x42).s64(weight); // i64.const weight
            out.u8(0x7D); // i64.sub
            out.u8(0x24).u32(fuelGlobal); // global.set $fuel
        }

        /**
         * Charges {@code (n * perUnit) >> shift} (rounded up when shifting) for the i32 operand {@code n}
         * on top of the stack, leaving the stack as it was.
         */
        /**
         * Charges {@code min(delta, maxPages) * memoryGrowPerPage} for the page delta on top of the stack,
         * leaving it in place: a request beyond what the memory could ever hold costs no more than growing
         * to the maximum, since it fails (returns -1) without allocating anything.
         */
        private void chargeGrow() {
            int maxPages = clampMemory ? limits.maxMemoryPages() : 65_536;
            out.u8(0x21).u32(tmpI32); // local.set $tmpI32
            out.u8(0x20).u32(fuel); // local.get $fuel
            out.u8(0x20).u32(tmpI32); // local.get $tmpI32
            out.u8(0x41).s32(maxPages); // i32.const maxPages
            out.u8(0x20).u32(tmpI32);
            out.u8(0x41).s32(maxPages);
            out.u8(0x49); // i32.lt_u
            out.u8(0x1B); // select: delta < max ? delta : max
            out.u8(0xAD); // i64.extend_i32_u
            out.u8(0x42).s64(costs.memoryGrowPerPage());
            out.u8(0x7E); // i64.mul
            shiftToCounter();
            out.u8(0x7D); // i64.sub
            storeFuelAndCheck();
            out.u8(0x20).u32(tmpI32); // local.get $tmpI32
        }

        private void chargeTopOperand(int perUnit, int shift) {
            out.u8(0x21).u32(tmpI32); // local.set $tmpI32
            out.u8(0x20).u32(fuel); // local.get $fuel
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
            shiftToCounter();
            out.u8(0x7D); // i64.sub
            storeFuelAndCheck();
            out.u8(0x20).u32(tmpI32); // local.get $tmpI32
        }

        /** [cost] -> [cost << 16]: a fuel cost in counter units. */
        private void shiftToCounter() {
            out.u8(0x42).s64(FuelCounter.DEPTH_BITS);
            out.u8(0x86); // i64.shl
        }

        /** [newFuel] -> []: keep it, trap if negative. */
        private void storeFuelAndCheck() {
            out.u8(0x22).u32(fuel); // local.tee $fuel
            checkNegative();
        }

        /**
         * [fuel] -> []: if negative, store it in the global (which is how the caller tells running out of
         * fuel from other traps) and trap.
         */
        private void checkNegative() {
            out.u8(0x42).u8(0x00); // i64.const 0
            out.u8(0x53); // i64.lt_s
            out.u8(0x04).u8(0x40); // if (empty)
            storeFuel();
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
