package io.lockstep.vm.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.Engine;
import io.lockstep.vm.WasmValue;
import java.util.List;

/** Deploys and runs modules on both engines and insists that they agree. */
public final class VmFixture {

    private VmFixture() {}

    public static DeployedCode deploy(ContractVm vm, byte[] wasm) {
        DeployResult result = vm.deploy(wasm);
        if (result instanceof DeployResult.Rejected rejected) {
            fail("module rejected: " + rejected.reason() + ": " + rejected.message());
        }
        return ((DeployResult.Deployed) result).code();
    }

    public static DeployResult.Rejected rejected(ContractVm vm, byte[] wasm) {
        DeployResult result = vm.deploy(wasm);
        if (result instanceof DeployResult.Deployed) {
            fail("module was admitted but must be rejected");
        }
        return (DeployResult.Rejected) result;
    }

    /** Runs on both engines, asserts identical outcomes, and returns the compiled engine's. */
    public static CallOutcome invokeBoth(
            ContractVm vm, DeployedCode code, String export, List<WasmValue> args, long fuel) {
        CallOutcome compiled = vm.invoke(code, export, args, fuel, Engine.COMPILED);
        CallOutcome interpreted = vm.invoke(code, export, args, fuel, Engine.INTERPRETER);
        assertEquals(describe(compiled), describe(interpreted), "compiled and interpreted outcomes differ");
        return compiled;
    }

    /** Everything consensus depends on, as text. */
    public static String describe(CallOutcome outcome) {
        if (outcome instanceof CallOutcome.Success s) {
            return "success fuel=" + s.fuelUsed() + " results=" + s.results() + " return="
                    + java.util.HexFormat.of().formatHex(s.returnData()) + " logs="
                    + s.logs().size();
        }
        if (outcome instanceof CallOutcome.Trapped t) {
            return "trapped fuel=" + t.fuelUsed() + " kind=" + t.kind();
        }
        if (outcome instanceof CallOutcome.Reverted r) {
            return "reverted fuel=" + r.fuelUsed() + " reason="
                    + java.util.HexFormat.of().formatHex(r.reason());
        }
        return "out_of_fuel fuel=" + outcome.fuelUsed();
    }
}
