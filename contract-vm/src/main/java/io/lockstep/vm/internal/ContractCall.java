package io.lockstep.vm.internal;

import io.lockstep.vm.CallContext;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.CostTable;
import io.lockstep.vm.Engine;
import io.lockstep.vm.WasmValue;
import java.util.List;

/** One contract call from start to finish: fresh instance, host session, outcome, storage commit. */
public final class ContractCall {

    private ContractCall() {}

    /** A call with no models registered. */
    public static CallOutcome run(
            PreparedModule code,
            Engine engine,
            String export,
            List<WasmValue> args,
            CallContext context,
            CostTable costs,
            long fuel) {
        return run(code, engine, export, args, context, costs, ModelCache.empty(), fuel);
    }

    public static CallOutcome run(
            PreparedModule code,
            Engine engine,
            String export,
            List<WasmValue> args,
            CallContext context,
            CostTable costs,
            ModelCache models,
            long fuel) {
        HostSession session = new HostSession(context, costs, models);
        ModuleInstance.Instantiation inst =
                ModuleInstance.instantiate(code, engine, HostAbi.imports(session), session, fuel);
        if (inst.failure() != null) {
            return inst.failure();
        }
        long spentBefore = fuel - inst.fuelLeft();
        CallOutcome outcome = inst.instance().invoke(export, args, inst.fuelLeft());
        outcome = ModuleInstance.withFuel(outcome, outcome.fuelUsed() + spentBefore);
        if (outcome instanceof CallOutcome.Success) {
            session.commitWrites();
        }
        return outcome;
    }
}
