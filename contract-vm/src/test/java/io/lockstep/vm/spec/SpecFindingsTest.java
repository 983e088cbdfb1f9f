package io.lockstep.vm.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.Engine;
import io.lockstep.vm.RejectReason;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.WasmValue;
import io.lockstep.vm.internal.DeployPipeline;
import io.lockstep.vm.internal.ImportPolicy;
import io.lockstep.vm.internal.ModuleRejectedException;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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

    /**
     * Modules that Chicory's parser accepts and only its instantiation refuses (so the pipeline used to
     * admit them, and every later call failed) or that it refuses for the wrong reason.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
        // imports.wast: (import "test" "func" (func (type 1))) with one type
        "unknown type in import, INVALID, 0061736d01000000010401600000020d0104746573740466756e630001",
        // exports.wast: (export "a" (func 0)) twice
        "duplicate export name, INVALID, 0061736d010000000104016000000302010007090201610000016100000a040102000b",
        // global.wast: (global i32 (i32.const 0)) (global i32 (global.get 0))
        "defined global in a constant expression, INVALID, 0061736d01000000060b027f0041000b7f0023000b",
        // binary.wast: memory.grow with its reserved byte as the long LEB128 zero 0x80 0x00
        "long zero after memory.grow, MALFORMED, 0061736d010000000104016000000302010005030100000a0a01080041004080001a0b",
        // table_copy.wast and others: (table 1 funcref) (table 1 funcref) was a size limit, not a feature
        "two tables, FEATURE_NOT_ALLOWED, 0061736d01000000040702700001700001",
    })
    void pipelineRejectsWhatOnlyInstantiationUsedToRefuse(String what, RejectReason reason, String hex) {
        DeployPipeline pipeline = new DeployPipeline(VmConfig.DEFAULT, ImportPolicy.any(), true);
        ModuleRejectedException e = assertThrows(
                ModuleRejectedException.class,
                () -> pipeline.prepare(HexFormat.of().parseHex(hex)));
        assertEquals(reason, e.reason(), what + ": " + e.getMessage());
    }
}
