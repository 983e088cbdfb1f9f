package io.lockstep.vm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.WasmValue;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Regressions for contract VM bugs that the spec suite found, reduced to modules small enough to keep
 * here, so that they are checked even where the suite's test data is absent.
 */
class SpecFindingsTest {

    /**
     * {@code (global $g (mut i32) (i32.const 0)) (func $init (global.set $g (i32.const 42))) (start $init)
     * (func (export "get") (result i32) (global.get $g))} — start.wast: Chicory ran the start section
     * during instantiation, before the fuel global was set, so every module with a start function
     * failed to instantiate.
     */
    private static final String START_SETS_GLOBAL = "0061736d010000000108026000006000017f03030200010606017f0141000b"
            + "0707010367657400010801000a0d020600412a24000b040023000b";

    @Test
    void startFunctionRunsMeteredBeforeTheCall() {
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            DeployResult deployed = vm.deploy(HexFormat.of().parseHex(START_SETS_GLOBAL));
            var code = assertInstanceOf(DeployResult.Deployed.class, deployed, deployed::toString)
                    .code();
            for (Engine engine : Engine.values()) {
                CallOutcome outcome = vm.invoke(code, "get", List.of(), 1_000_000, engine);
                var success = assertInstanceOf(CallOutcome.Success.class, outcome, engine + ": " + outcome);
                assertEquals(List.of(WasmValue.i32(42)), success.results(), engine.name());
            }
        }
    }
}
