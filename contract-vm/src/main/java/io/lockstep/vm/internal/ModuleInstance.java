package io.lockstep.vm.internal;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.InterpreterMachine;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.Engine;
import io.lockstep.vm.TrapKind;
import io.lockstep.vm.ValueKind;
import io.lockstep.vm.WasmValue;
import java.util.ArrayList;
import java.util.List;

/**
 * One instantiation of a {@link PreparedModule} on one engine. A contract call uses a fresh instance;
 * the spec-suite harness keeps instances across commands, as the suite requires. Must be used from an
 * {@link ExecutionThreads} thread.
 */
public final class ModuleInstance {

    private final PreparedModule code;
    private final Instance instance;
    private final HostSession session;

    private ModuleInstance(PreparedModule code, Instance instance, HostSession session) {
        this.code = code;
        this.instance = instance;
        this.session = session;
    }

    /** The result of instantiating: an instance ready for calls, or the outcome that ended it. */
    public record Instantiation(ModuleInstance instance, CallOutcome failure, long fuelLeft) {}

    /**
     * Instantiates {@code code}: charges the instantiation fuel, initializes memory and tables, then runs
     * the start function (metered) if there is one.
     *
     * @param session the host session of a contract call, or {@code null} when {@code imports} are given
     * @throws UnlinkableException when {@code imports} do not satisfy the module's imports
     */
    public static Instantiation instantiate(
            PreparedModule code, Engine engine, ImportValues imports, HostSession session, long fuel) {
        long instantiation = code.instantiationFuel();
        if (fuel < instantiation) {
            return new Instantiation(null, new CallOutcome.OutOfFuel(fuel), 0);
        }
        Instance.Builder builder = Instance.builder(code.module())
                .withImportValues(imports)
                .withStart(false)
                .withMemoryFactory(FlatMemory.factory())
                .withMachineFactory(engine == Engine.COMPILED ? code.compiledMachine() : InterpreterMachine::new);
        Instance instance;
        try {
            instance = builder.build();
        } catch (UninstantiableException e) {
            return new Instantiation(
                    null, new CallOutcome.Trapped(instantiation, TrapKind.INSTANTIATION_FAILED, e.getMessage()), 0);
        } catch (UnlinkableException e) {
            throw e;
        } catch (ChicoryException e) {
            TrapKind kind = TrapClassifier.classify(e.getMessage());
            if (kind == null) {
                kind = TrapKind.INSTANTIATION_FAILED;
            }
            return new Instantiation(null, new CallOutcome.Trapped(instantiation, kind, e.getMessage()), 0);
        }
        ModuleInstance result = new ModuleInstance(code, instance, session);
        if (session != null) {
            session.bind(instance, code.fuelGlobal());
        }
        long budget = fuel - instantiation;
        int startIndex = code.startFunction();
        if (startIndex >= 0) {
            CallOutcome outcome =
                    result.run(budget, () -> instance.getMachine().call(startIndex, new long[0]), List.of());
            long used = outcome.fuelUsed();
            outcome = withFuel(outcome, used + instantiation);
            if (!(outcome instanceof CallOutcome.Success)) {
                return new Instantiation(null, outcome, 0);
            }
            return new Instantiation(result, null, budget - used);
        }
        return new Instantiation(result, null, budget);
    }

    public Instance chicory() {
        return instance;
    }

    /** Invokes an exported function with raw argument bits, metered by {@code fuel}. */
    public CallOutcome invoke(String export, List<WasmValue> args, long fuel) {
        FunctionType type = exportType(export);
        if (type.params().size() != args.size()) {
            throw new IllegalArgumentException(
                    export + " takes " + type.params().size() + " arguments, " + args.size() + " given");
        }
        long[] raw = new long[args.size()];
        for (int i = 0; i < raw.length; i++) {
            ValueKind expected = kindOf(type.params().get(i));
            if (args.get(i).kind() != expected) {
                throw new IllegalArgumentException("argument " + i + " of " + export + " is " + expected.text()
                        + ", given " + args.get(i).kind().text());
            }
            raw[i] = args.get(i).bits();
        }
        ExportFunction function = instance.export(export);
        List<ValueKind> resultKinds = new ArrayList<>();
        for (ValType t : type.returns()) {
            resultKinds.add(kindOf(t));
        }
        return run(fuel, () -> function.apply(raw), resultKinds);
    }

    /** The signature of an exported function, or an {@link IllegalArgumentException} naming what exists. */
    public FunctionType exportType(String export) {
        try {
            return instance.exportType(export);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(
                    "no exported function '" + export + "'; exports are " + code.exportedFunctions());
        }
    }

    private interface Body {
        long[] call();
    }

    private CallOutcome run(long fuel, Body body, List<ValueKind> resultKinds) {
        var fuelGlobal = instance.global(code.fuelGlobal());
        long start = FuelCounter.start(fuel);
        long counted = FuelCounter.fuel(start); // the budget, capped to what the counter holds
        fuelGlobal.setValue(start);
        long[] raw;
        try {
            raw = body.call();
        } catch (StackOverflowError e) {
            throw new IllegalStateException(
                    "the JVM stack overflowed before the injected depth limit; the worker stack is too small", e);
        } catch (RuntimeException e) {
            return failure(fuel, counted, e);
        }
        long used = counted - FuelCounter.fuel(fuelGlobal.getValue());
        List<WasmValue> results = new ArrayList<>();
        for (int i = 0; i < resultKinds.size(); i++) {
            results.add(new WasmValue(resultKinds.get(i), raw[i]));
        }
        if (session != null) {
            return new CallOutcome.Success(
                    used, results, session.returnData(), session.logs(), session.inference.records());
        }
        return new CallOutcome.Success(used, results, new byte[0], List.of());
    }

    private CallOutcome failure(long fuel, long counted, RuntimeException e) {
        long word = instance.global(code.fuelGlobal()).getValue();
        long left = FuelCounter.fuel(word);
        if (left < 0 || find(e, Signals.OutOfFuel.class) != null) {
            return new CallOutcome.OutOfFuel(fuel);
        }
        Signals.Revert revert = find(e, Signals.Revert.class);
        if (revert != null) {
            // revert is a host call, and the caller makes the fuel global current before every call
            return new CallOutcome.Reverted(counted - left, revert.reason);
        }
        // A trap uses all the fuel: the injected code keeps the counter in a local between calls, so the
        // global is not current when an instruction traps (docs/adr/0005-one-counter-word-kept-in-a-local.md).
        long used = fuel;
        Signals.AbiViolation violation = find(e, Signals.AbiViolation.class);
        if (violation != null) {
            return new CallOutcome.Trapped(used, TrapKind.HOST_ABI_VIOLATION, violation.getMessage());
        }
        if (FuelCounter.depth(word) > code.depthLimit()) {
            return new CallOutcome.Trapped(used, TrapKind.CALL_STACK_EXHAUSTED, "call stack exhausted");
        }
        if (e instanceof ChicoryException) {
            TrapKind kind = TrapClassifier.classify(e.getMessage());
            if (kind != null) {
                return new CallOutcome.Trapped(used, kind, e.getMessage());
            }
        }
        throw new IllegalStateException("unexpected failure inside contract execution: " + e, e);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /** The same outcome with a different fuel figure (to add instantiation or the start function). */
    static CallOutcome withFuel(CallOutcome outcome, long fuelUsed) {
        if (outcome instanceof CallOutcome.Success s) {
            return new CallOutcome.Success(fuelUsed, s.results(), s.returnData(), s.logs(), s.inferences());
        }
        if (outcome instanceof CallOutcome.Reverted r) {
            return new CallOutcome.Reverted(fuelUsed, r.reason());
        }
        if (outcome instanceof CallOutcome.OutOfFuel) {
            return new CallOutcome.OutOfFuel(fuelUsed);
        }
        CallOutcome.Trapped t = (CallOutcome.Trapped) outcome;
        return new CallOutcome.Trapped(fuelUsed, t.kind(), t.message());
    }

    /** The value kind of a numeric WebAssembly type. */
    public static ValueKind kindOf(ValType type) {
        if (type.equals(ValType.I32)) {
            return ValueKind.I32;
        }
        if (type.equals(ValType.I64)) {
            return ValueKind.I64;
        }
        if (type.equals(ValType.F32)) {
            return ValueKind.F32;
        }
        if (type.equals(ValType.F64)) {
            return ValueKind.F64;
        }
        throw new IllegalArgumentException("value type " + type + " cannot cross the host boundary");
    }
}
