package io.lockstep.vm.gen;

import static io.lockstep.vm.ValueKind.I32;

import io.lockstep.vm.ValueKind;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates one function body, type-directed: {@link #expression} leaves exactly one value of the asked
 * kind on the stack, {@link #statement} leaves the stack as it found it, and every branch carries exactly
 * the types of its target label. Code after a branch is well typed on its own, so it validates in the
 * unreachable (stack-polymorphic) state too. A size budget and a nesting limit keep bodies small.
 */
final class FunctionGenerator {

    private static final int MAX_DEPTH = 7;

    /** A label of the control stack: the types a branch to it carries, and whether random branches may target it. */
    private record Label(List<ValueKind> branchTypes, boolean targetable) {}

    /** The body: declared locals (after the parameters) and instructions without the final {@code end}. */
    record Body(List<ValueKind> declaredLocals, WasmBytes instructions) {}

    private final ModuleShape shape;
    private final int self;
    private final FuncType type;
    private final SeededRandom rnd;
    private final WasmBytes out = new WasmBytes();
    private final List<ValueKind> locals = new ArrayList<>();
    /** Locals that random code may write; loop counters are not among them. */
    private final List<Boolean> writable = new ArrayList<>();

    private final List<Label> labels = new ArrayList<>();
    private int budget;
    private int depth;

    FunctionGenerator(ModuleShape shape, int self, SeededRandom rnd, int budget) {
        this.shape = shape;
        this.self = self;
        this.type = shape.functionTypes().get(self);
        this.rnd = rnd;
        this.budget = budget;
    }

    Body generate() {
        for (ValueKind p : type.params()) {
            addLocal(p, true);
        }
        int declared = rnd.below(6);
        for (int i = 0; i < declared; i++) {
            addLocal(randomKind(), true);
        }
        if (rnd.percent(12)) {
            // a heavy frame: many locals weigh more in the injected call-depth budget
            int heavy = rnd.between(40, 160);
            for (int i = 0; i < heavy; i++) {
                addLocal(randomKind(), true);
            }
        }
        labels.add(new Label(type.results(), true));
        if (shape.callPolicy() == ModuleShape.CallPolicy.GUARDED) {
            recursionGuard();
        }
        statements(rnd.between(1, 6));
        values(type.results());
        return new Body(List.copyOf(locals.subList(type.params().size(), locals.size())), out);
    }

    // ---- statements: leave the stack unchanged ----

    private void statements(int count) {
        for (int i = 0; i < count && budget > 0; i++) {
            statement();
        }
    }

    private void statement() {
        budget--;
        depth++;
        try {
            boolean nested = depth < MAX_DEPTH;
            boolean memory = shape.hasMemory();
            int choice = rnd.weighted(
                    140, // 0 local.set
                    mutableGlobals().isEmpty() ? 0 : 50, // 1 global.set
                    memory ? 100 : 0, // 2 store
                    40, // 3 drop
                    nested ? 60 : 0, // 4 if
                    nested ? 30 : 0, // 5 block
                    nested ? 40 : 0, // 6 counted loop
                    nested ? 20 : 0, // 7 conditional loop
                    40, // 8 br_if
                    8, // 9 br
                    15, // 10 br_table
                    6, // 11 return
                    50, // 12 call
                    shape.hasTable() ? 30 : 0, // 13 call_indirect
                    memory ? 30 : 0, // 14 bulk memory
                    memory ? 10 : 0, // 15 memory.grow
                    5, // 16 nop
                    2); // 17 unreachable
            switch (choice) {
                case 0 -> localSet();
                case 1 -> globalSet();
                case 2 -> store();
                case 3 -> {
                    expression(randomKind());
                    out.u8(Op.DROP);
                }
                case 4 -> ifStatement();
                case 5 -> blockStatement();
                case 6 -> countedLoop();
                case 7 -> conditionalLoop();
                case 8 -> brIfStatement();
                case 9 -> branch();
                case 10 -> brTable();
                case 11 -> returnValues();
                case 12 -> callStatement();
                case 13 -> callIndirectStatement();
                case 14 -> bulkMemory();
                case 15 -> {
                    memoryGrow();
                    out.u8(Op.DROP);
                }
                case 16 -> out.u8(Op.NOP);
                case 17 -> out.u8(Op.UNREACHABLE);
                default -> throw new IllegalStateException("statement " + choice);
            }
        } finally {
            depth--;
        }
    }

    private void localSet() {
        int local = writableLocal(null);
        expression(locals.get(local));
        out.u8(Op.LOCAL_SET).u32(local);
    }

    private void globalSet() {
        int global = rnd.pick(mutableGlobals());
        expression(shape.globalKinds().get(global));
        out.u8(Op.GLOBAL_SET).u32(global);
    }

    private void store() {
        MemoryOp op = rnd.pick(MemoryOp.STORES);
        address(op.width());
        expression(op.kind());
        memoryAccess(op);
    }

    private void ifStatement() {
        expression(I32);
        out.u8(Op.IF).u8(Op.EMPTY_BLOCK);
        labels.add(new Label(List.of(), true));
        statements(rnd.between(1, 4));
        if (rnd.percent(50)) {
            out.u8(Op.ELSE);
            statements(rnd.between(1, 4));
        }
        labels.remove(labels.size() - 1);
        out.u8(Op.END);
    }

    private void blockStatement() {
        out.u8(Op.BLOCK).u8(Op.EMPTY_BLOCK);
        labels.add(new Label(List.of(), true));
        statements(rnd.between(1, 5));
        labels.remove(labels.size() - 1);
        out.u8(Op.END);
    }

    /**
     * A loop that runs a fixed number of times: its counter is a local no random code writes, and random
     * branches may not target the loop (they could skip the decrement).
     */
    private void countedLoop() {
        int counter = addLocal(I32, false);
        int trips =
                switch (rnd.weighted(70, 25, 5)) {
                    case 0 -> rnd.between(1, 8);
                    case 1 -> rnd.between(9, 60);
                    default -> rnd.between(100, 3000);
                };
        out.u8(Op.I32_CONST).s32(trips).u8(Op.LOCAL_SET).u32(counter);
        out.u8(Op.LOOP).u8(Op.EMPTY_BLOCK);
        labels.add(new Label(List.of(), false));
        statements(rnd.between(1, 4));
        out.u8(Op.LOCAL_GET).u32(counter).u8(Op.I32_CONST).s32(1).u8(Op.I32_SUB);
        out.u8(Op.LOCAL_TEE).u32(counter).u8(Op.BR_IF).u32(0);
        labels.remove(labels.size() - 1);
        out.u8(Op.END);
    }

    /** A loop that repeats while a condition holds: usually a local counting up, sometimes anything at all. */
    private void conditionalLoop() {
        out.u8(Op.LOOP).u8(Op.EMPTY_BLOCK);
        labels.add(new Label(List.of(), true));
        statements(rnd.between(1, 4));
        switch (rnd.weighted(60, 30, 10)) {
            case 0 -> {
                int local = writableLocal(I32);
                out.u8(Op.LOCAL_GET).u32(local).u8(Op.I32_CONST).s32(1).u8(Op.I32_ADD);
                out.u8(Op.LOCAL_TEE).u32(local).u8(Op.I32_CONST).s32(rnd.between(1, 40));
                out.u8(0x48); // i32.lt_s
                out.u8(Op.BR_IF).u32(0);
            }
            case 1 -> {
                expression(I32);
                out.u8(Op.BR_IF).u32(0);
            }
            default -> out.u8(Op.BR).u32(0);
        }
        labels.remove(labels.size() - 1);
        out.u8(Op.END);
    }

    private void brIfStatement() {
        int target = targetLabel();
        List<ValueKind> types = labelFromTop(target).branchTypes();
        values(types);
        expression(I32);
        out.u8(Op.BR_IF).u32(target);
        for (int i = 0; i < types.size(); i++) {
            out.u8(Op.DROP);
        }
    }

    private void branch() {
        int target = targetLabel();
        values(labelFromTop(target).branchTypes());
        out.u8(Op.BR).u32(target);
    }

    private void brTable() {
        int first = targetLabel();
        List<ValueKind> types = labelFromTop(first).branchTypes();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            Label label = labelFromTop(i);
            if (label.targetable() && label.branchTypes().equals(types)) {
                candidates.add(i);
            }
        }
        int count = rnd.below(5);
        values(types);
        if (rnd.percent(60)) {
            out.u8(Op.I32_CONST).s32(rnd.below(count + 2));
        } else {
            expression(I32);
        }
        out.u8(Op.BR_TABLE).u32(count);
        for (int i = 0; i < count; i++) {
            out.u32(rnd.pick(candidates));
        }
        out.u32(rnd.pick(candidates));
    }

    private void returnValues() {
        values(type.results());
        out.u8(Op.RETURN);
    }

    private void callStatement() {
        int callee = callee(null);
        if (callee < 0) {
            out.u8(Op.NOP);
            return;
        }
        FuncType calleeType = shape.functionTypes().get(callee);
        values(calleeType.params());
        out.u8(Op.CALL).u32(callee);
        discard(calleeType.results(), 0);
    }

    private void callIndirectStatement() {
        FuncType signature = indirectSignature(null);
        callIndirect(signature);
        discard(signature.results(), 0);
    }

    private void bulkMemory() {
        List<Integer> passive = passiveSegments();
        int choice = rnd.weighted(40, 40, passive.isEmpty() ? 0 : 20, passive.isEmpty() ? 0 : 5);
        switch (choice) {
            case 0 -> {
                address(1);
                expression(I32);
                length();
                out.u8(Op.PREFIX_FC).u32(Op.MEMORY_FILL).u8(0x00);
            }
            case 1 -> {
                address(1);
                address(1);
                length();
                out.u8(Op.PREFIX_FC).u32(Op.MEMORY_COPY).u8(0x00).u8(0x00);
            }
            case 2 -> {
                int segment = rnd.pick(passive);
                address(1);
                out.u8(Op.I32_CONST).s32(rnd.between(0, shape.passiveData().get(segment) + 4));
                length();
                out.u8(Op.PREFIX_FC).u32(Op.MEMORY_INIT).u32(segment).u8(0x00);
            }
            default -> out.u8(Op.PREFIX_FC).u32(Op.DATA_DROP).u32(rnd.pick(passive));
        }
    }

    /** Spends one unit of the module's call budget, or returns default results when it is spent. */
    private void recursionGuard() {
        int global = shape.recursionGlobal();
        out.u8(Op.GLOBAL_GET).u32(global).u8(Op.I32_EQZ).u8(Op.IF).u8(Op.EMPTY_BLOCK);
        for (ValueKind kind : type.results()) {
            ModuleEncoder.constant(out, kind, InterestingValues.bits(kind, rnd));
        }
        out.u8(Op.RETURN).u8(Op.END);
        out.u8(Op.GLOBAL_GET).u32(global).u8(Op.I32_CONST).s32(1).u8(Op.I32_SUB);
        out.u8(Op.GLOBAL_SET).u32(global);
    }

    // ---- expressions: leave one value of the asked kind ----

    private void expression(ValueKind kind) {
        if (budget <= 0 || depth >= MAX_DEPTH) {
            leaf(kind);
            return;
        }
        budget--;
        depth++;
        try {
            boolean memory = shape.hasMemory();
            int choice = rnd.weighted(
                    14, // 0 leaf
                    45, // 1 numeric instruction
                    memory ? 9 : 0, // 2 load
                    4, // 3 select
                    4, // 4 local.tee
                    3, // 5 block
                    4, // 6 if
                    2, // 7 loop
                    hasTargetLabel(List.of(kind)) ? 3 : 0, // 8 br_if carrying the value
                    callees(kind).isEmpty() ? 0 : 5, // 9 call
                    shape.hasTable() ? 3 : 0, // 10 call_indirect
                    kind == I32 && memory ? 3 : 0, // 11 memory.size or memory.grow
                    1); // 12 branch away (br, return or unreachable)
            switch (choice) {
                case 0 -> leaf(kind);
                case 1 -> numeric(kind);
                case 2 -> load(kind);
                case 3 -> select(kind);
                case 4 -> {
                    int local = writableLocal(kind);
                    expression(kind);
                    out.u8(Op.LOCAL_TEE).u32(local);
                }
                case 5 -> blockExpression(kind);
                case 6 -> ifExpression(kind);
                case 7 -> loopExpression(kind);
                case 8 -> brIfExpression(kind);
                case 9 -> callExpression(kind);
                case 10 -> {
                    FuncType signature = indirectSignature(kind);
                    callIndirect(signature);
                    discard(signature.results(), 1);
                }
                case 11 -> {
                    if (rnd.percent(60)) {
                        out.u8(Op.MEMORY_SIZE).u8(0x00);
                    } else {
                        memoryGrow();
                    }
                }
                case 12 -> diverge();
                default -> throw new IllegalStateException("expression " + choice);
            }
        } finally {
            depth--;
        }
    }

    private void leaf(ValueKind kind) {
        List<Integer> globals = new ArrayList<>();
        for (int g = 0; g < shape.globalKinds().size(); g++) {
            if (shape.globalKinds().get(g) == kind) {
                globals.add(g);
            }
        }
        List<Integer> matching = localsOf(kind, false);
        int choice = rnd.weighted(50, matching.isEmpty() ? 0 : 35, globals.isEmpty() ? 0 : 15);
        switch (choice) {
            case 0 -> ModuleEncoder.constant(out, kind, InterestingValues.bits(kind, rnd));
            case 1 -> out.u8(Op.LOCAL_GET).u32(rnd.pick(matching));
            default -> out.u8(Op.GLOBAL_GET).u32(rnd.pick(globals));
        }
    }

    private void numeric(ValueKind kind) {
        List<NumericOp> ops = NumericOp.producing(kind);
        int[] weights = new int[ops.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = ops.get(i).weight();
        }
        NumericOp op = ops.get(rnd.weighted(weights));
        for (ValueKind operand : op.operands()) {
            expression(operand);
        }
        op.encode(out);
    }

    private void load(ValueKind kind) {
        MemoryOp op = rnd.pick(MemoryOp.loadsOf(kind));
        address(op.width());
        memoryAccess(op);
    }

    private void select(ValueKind kind) {
        expression(kind);
        expression(kind);
        expression(I32);
        if (rnd.percent(30)) {
            out.u8(Op.SELECT_TYPED).u32(1).u8(FuncType.code(kind));
        } else {
            out.u8(Op.SELECT);
        }
    }

    /** {@code block (result kind)}; sometimes a multi-value block that takes parameters. */
    private void blockExpression(ValueKind kind) {
        if (rnd.percent(25)) {
            List<ValueKind> params = randomKinds(1, 2);
            values(params);
            out.u8(Op.BLOCK).s64(shape.encoder().typeIndex(new FuncType(params, List.of(kind))));
            labels.add(new Label(List.of(kind), true));
            for (int i = params.size() - 1; i >= 0; i--) {
                out.u8(Op.LOCAL_SET).u32(addLocal(params.get(i), true));
            }
        } else {
            out.u8(Op.BLOCK).u8(FuncType.code(kind));
            labels.add(new Label(List.of(kind), true));
        }
        statements(rnd.below(3));
        expression(kind);
        labels.remove(labels.size() - 1);
        out.u8(Op.END);
    }

    /** {@code if (result kind)}; sometimes one that takes parameters, sometimes then without an else. */
    private void ifExpression(ValueKind kind) {
        if (rnd.percent(25)) {
            ifWithParameters(kind);
            return;
        }
        expression(I32);
        out.u8(Op.IF).u8(FuncType.code(kind));
        labels.add(new Label(List.of(kind), true));
        statements(rnd.below(3));
        expression(kind);
        out.u8(Op.ELSE);
        statements(rnd.below(3));
        expression(kind);
        labels.remove(labels.size() - 1);
        out.u8(Op.END);
    }

    /**
     * {@code if (param ...) (result kind)}: each branch starts with the parameters on the stack. Without an
     * else (only when the parameters are exactly {@code [kind]}) the parameter passes through as the result.
     */
    private void ifWithParameters(ValueKind kind) {
        boolean withoutElse = rnd.percent(40);
        List<ValueKind> params = withoutElse ? List.of(kind) : randomKinds(1, 2);
        values(params);
        expression(I32);
        out.u8(Op.IF).s64(shape.encoder().typeIndex(new FuncType(params, List.of(kind))));
        labels.add(new Label(List.of(kind), true));
        branchWithParameters(params, kind);
        if (!withoutElse) {
            out.u8(Op.ELSE);
            branchWithParameters(params, kind);
        }
        labels.remove(labels.size() - 1);
        out.u8(Op.END);
    }

    private void branchWithParameters(List<ValueKind> params, ValueKind kind) {
        for (int i = params.size() - 1; i >= 0; i--) {
            out.u8(Op.LOCAL_SET).u32(addLocal(params.get(i), true));
        }
        statements(rnd.below(3));
        expression(kind);
    }

    /** {@code loop (result kind)}: runs again only when code inside branches back to it. */
    private void loopExpression(ValueKind kind) {
        out.u8(Op.LOOP).u8(FuncType.code(kind));
        labels.add(new Label(List.of(), true));
        statements(rnd.below(3));
        expression(kind);
        labels.remove(labels.size() - 1);
        out.u8(Op.END);
    }

    private void brIfExpression(ValueKind kind) {
        List<Integer> targets = targetLabels(List.of(kind));
        int target = rnd.pick(targets);
        expression(kind);
        expression(I32);
        out.u8(Op.BR_IF).u32(target);
    }

    private void callExpression(ValueKind kind) {
        int callee = callee(kind);
        FuncType calleeType = shape.functionTypes().get(callee);
        values(calleeType.params());
        out.u8(Op.CALL).u32(callee);
        discard(calleeType.results(), 1);
    }

    /** A branch, return or trap standing in for a value: the stack after it is polymorphic. */
    private void diverge() {
        switch (rnd.weighted(3, 2, 1)) {
            case 0 -> branch();
            case 1 -> returnValues();
            default -> out.u8(Op.UNREACHABLE);
        }
    }

    private void memoryGrow() {
        switch (rnd.weighted(70, 20, 10)) {
            case 0 -> out.u8(Op.I32_CONST).s32(rnd.below(3));
            case 1 -> out.u8(Op.I32_CONST).s32(rnd.pick(List.of(4, 8, 16, 64, 65_536, -1)));
            default -> expression(I32);
        }
        out.u8(Op.MEMORY_GROW).u8(0x00);
    }

    // ---- calls ----

    /** A function this one may call directly whose first result is {@code kind} (any function when null), or -1. */
    private int callee(ValueKind kind) {
        List<Integer> candidates = callees(kind);
        return candidates.isEmpty() ? -1 : rnd.pick(candidates);
    }

    private List<Integer> callees(ValueKind kind) {
        List<Integer> candidates = new ArrayList<>();
        for (int f = 0; f < shape.functionTypes().size(); f++) {
            List<ValueKind> results = shape.functionTypes().get(f).results();
            boolean fits = kind == null || (!results.isEmpty() && results.get(0) == kind);
            if (fits && shape.mayCall(self, f)) {
                candidates.add(f);
            }
        }
        return candidates;
    }

    /** A signature for call_indirect: usually one that some table slot has, whose first result is {@code kind}. */
    private FuncType indirectSignature(ValueKind kind) {
        List<FuncType> candidates = new ArrayList<>();
        for (FuncType t : shape.functionTypes()) {
            if (kind == null || (!t.results().isEmpty() && t.results().get(0) == kind)) {
                candidates.add(t);
            }
        }
        if (candidates.isEmpty() || rnd.percent(5)) {
            List<ValueKind> results = new ArrayList<>(randomKinds(0, 2));
            if (kind != null) {
                results.add(0, kind);
            }
            return new FuncType(randomKinds(0, 2), results);
        }
        return rnd.pick(candidates);
    }

    private void callIndirect(FuncType signature) {
        values(signature.params());
        List<Integer> slots = shape.tableSlots();
        List<Integer> matching = new ArrayList<>();
        for (int slot = 0; slot < slots.size(); slot++) {
            int f = slots.get(slot);
            if (f >= 0 && shape.functionTypes().get(f).equals(signature) && shape.mayCall(self, f)) {
                matching.add(slot);
            }
        }
        switch (rnd.weighted(matching.isEmpty() ? 0 : 75, 10, 4, 11)) {
            case 0 -> out.u8(Op.I32_CONST).s32(rnd.pick(matching));
            case 1 -> out.u8(Op.I32_CONST).s32(rnd.below(slots.size()));
            case 2 -> out.u8(Op.I32_CONST).s32(slots.size() + rnd.below(3));
            default -> expression(I32);
        }
        out.u8(Op.CALL_INDIRECT).u32(shape.encoder().typeIndex(signature)).u8(0x00);
    }

    /** Consumes all but the first {@code keep} of {@code results} from the top of the stack. */
    private void discard(List<ValueKind> results, int keep) {
        for (int i = results.size() - 1; i >= keep; i--) {
            List<Integer> sinks = localsOf(results.get(i), true);
            if (!sinks.isEmpty() && rnd.percent(50)) {
                out.u8(Op.LOCAL_SET).u32(rnd.pick(sinks));
            } else {
                out.u8(Op.DROP);
            }
        }
    }

    // ---- sequences of values ----

    /** Pushes values of {@code kinds}, in order: one expression each, or a call or block that yields several. */
    private void values(List<ValueKind> kinds) {
        int i = 0;
        while (i < kinds.size()) {
            int taken = multiValue(kinds.subList(i, kinds.size()));
            if (taken > 0) {
                i += taken;
            } else {
                expression(kinds.get(i));
                i++;
            }
        }
    }

    /** Sometimes pushes a prefix of two or more of {@code kinds} with one call or block; returns how many. */
    private int multiValue(List<ValueKind> kinds) {
        if (kinds.size() < 2 || budget <= 0 || depth >= MAX_DEPTH || !rnd.percent(30)) {
            return 0;
        }
        List<Integer> callees = new ArrayList<>();
        for (int f = 0; f < shape.functionTypes().size(); f++) {
            List<ValueKind> results = shape.functionTypes().get(f).results();
            if (results.size() >= 2
                    && results.size() <= kinds.size()
                    && kinds.subList(0, results.size()).equals(results)
                    && shape.mayCall(self, f)) {
                callees.add(f);
            }
        }
        budget--;
        depth++;
        try {
            if (!callees.isEmpty() && rnd.percent(60)) {
                int callee = rnd.pick(callees);
                FuncType calleeType = shape.functionTypes().get(callee);
                values(calleeType.params());
                out.u8(Op.CALL).u32(callee);
                return calleeType.results().size();
            }
            List<ValueKind> results = kinds.subList(0, 2);
            out.u8(Op.BLOCK).s64(shape.encoder().typeIndex(new FuncType(List.of(), results)));
            labels.add(new Label(results, true));
            statements(rnd.below(2));
            values(results);
            labels.remove(labels.size() - 1);
            out.u8(Op.END);
            return 2;
        } finally {
            depth--;
        }
    }

    // ---- memory ----

    /** An address for an access of {@code width} bytes: mostly in the hashed low bytes, sometimes at or past the end. */
    private void address(int width) {
        switch (rnd.weighted(55, 10, 12, 8, 5)) {
            case 0 -> out.u8(Op.I32_CONST).s32(rnd.between(0, 300 - width));
            case 1 -> {
                // just below (or at) the current end of memory
                out.u8(Op.MEMORY_SIZE).u8(0x00).u8(Op.I32_CONST).s32(16).u8(Op.I32_SHL);
                out.u8(Op.I32_CONST).s32(rnd.between(0, 16)).u8(Op.I32_SUB);
            }
            case 2 -> {
                expression(I32);
                out.u8(Op.I32_CONST).s32(0x1FF).u8(Op.I32_AND);
            }
            case 3 -> expression(I32);
            default -> out.u8(Op.I32_CONST).s32(InterestingValues.i32(rnd));
        }
    }

    private void memoryAccess(MemoryOp op) {
        out.u8(op.code()).u32(rnd.between(0, op.naturalAlignment()));
        long offset =
                switch (rnd.weighted(80, 12, 4, 4)) {
                    case 0 -> 0;
                    case 1 -> rnd.between(1, 32);
                    case 2 -> 65_536 - 8 + rnd.below(16);
                    default -> 0xFFFF_FFFFL - rnd.below(16);
                };
        out.u32(offset);
    }

    private void length() {
        switch (rnd.weighted(70, 15, 10, 5)) {
            case 0 -> out.u8(Op.I32_CONST).s32(rnd.between(0, 64));
            case 1 -> out.u8(Op.I32_CONST).s32(rnd.between(0, 300));
            case 2 -> out.u8(Op.I32_CONST).s32(InterestingValues.i32(rnd));
            default -> expression(I32);
        }
    }

    private List<Integer> passiveSegments() {
        List<Integer> passive = new ArrayList<>();
        for (int i = 0; i < shape.passiveData().size(); i++) {
            if (shape.passiveData().get(i) >= 0) {
                passive.add(i);
            }
        }
        return passive;
    }

    // ---- labels, locals, globals ----

    private Label labelFromTop(int depthIndex) {
        return labels.get(labels.size() - 1 - depthIndex);
    }

    /** A random targetable label, as a branch depth; the function's own label always qualifies. */
    private int targetLabel() {
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            if (labelFromTop(i).targetable()) {
                targets.add(i);
            }
        }
        return rnd.pick(targets);
    }

    private List<Integer> targetLabels(List<ValueKind> types) {
        List<Integer> targets = new ArrayList<>();
        for (int i = 0; i < labels.size(); i++) {
            Label label = labelFromTop(i);
            if (label.targetable() && label.branchTypes().equals(types)) {
                targets.add(i);
            }
        }
        return targets;
    }

    private boolean hasTargetLabel(List<ValueKind> types) {
        return !targetLabels(types).isEmpty();
    }

    private int addLocal(ValueKind kind, boolean isWritable) {
        locals.add(kind);
        writable.add(isWritable);
        return locals.size() - 1;
    }

    private List<Integer> localsOf(ValueKind kind, boolean onlyWritable) {
        List<Integer> matching = new ArrayList<>();
        for (int i = 0; i < locals.size(); i++) {
            if (locals.get(i) == kind && (!onlyWritable || writable.get(i))) {
                matching.add(i);
            }
        }
        return matching;
    }

    /** A writable local of {@code kind} (any kind when null), declared on the spot when there is none. */
    private int writableLocal(ValueKind kind) {
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < locals.size(); i++) {
            if (writable.get(i) && (kind == null || locals.get(i) == kind)) {
                candidates.add(i);
            }
        }
        if (candidates.isEmpty() || rnd.percent(5)) {
            return addLocal(kind == null ? randomKind() : kind, true);
        }
        return rnd.pick(candidates);
    }

    private List<Integer> mutableGlobals() {
        List<Integer> mutable = new ArrayList<>();
        for (int g = 0; g < shape.globalMutable().size(); g++) {
            if (shape.globalMutable().get(g)) {
                mutable.add(g);
            }
        }
        return mutable;
    }

    private ValueKind randomKind() {
        return ValueKind.values()[rnd.below(4)];
    }

    private List<ValueKind> randomKinds(int min, int max) {
        int n = rnd.between(min, max);
        List<ValueKind> kinds = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            kinds.add(randomKind());
        }
        return kinds;
    }
}
