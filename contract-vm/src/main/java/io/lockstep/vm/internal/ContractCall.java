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

    public static CallOutcome run(
            PreparedModule code,
            Engine engine,
            String export,
            List<WasmValue> args,
            CallContext context,
            CostTable costs,
            long fuel) {
        HostSession session = new HostSession(context, costs);
        ModuleInstance.Instantiation inst =
                ModuleInstance.instantiate(code, engine, HostAbi.imports(session), session, fuel);
        if (inst.failure() != null) {
            return inst.failure();
        }
        long spentBefore = fuel - inst.fuelLeft();
        CallOutcome outcome = inst.instance().invoke(export, args, inst.fuelLeft());
        outcome = addFuel(outcome, spentBefore);
        if (outcome instanceof CallOutcome.Success) {
            session.commitWrites();
        }
        return outcome;
    }

    private static CallOutcome addFuel(CallOutcome outcome, long extra) {
        if (outcome instanceof CallOutcome.Success s) {
            return new CallOutcome.Success(s.fuelUsed() + extra, s.results(), s.returnData(), s.logs());
        }
        if (outcome instanceof CallOutcome.Reverted r) {
            return new CallOutcome.Reverted(r.fuelUsed() + extra, r.reason());
        }
        if (outcome instanceof CallOutcome.OutOfFuel o) {
            return new CallOutcome.OutOfFuel(o.fuelUsed() + extra);
        }
        CallOutcome.Trapped t = (CallOutcome.Trapped) outcome;
        return new CallOutcome.Trapped(t.fuelUsed() + extra, t.kind(), t.message());
    }
}
