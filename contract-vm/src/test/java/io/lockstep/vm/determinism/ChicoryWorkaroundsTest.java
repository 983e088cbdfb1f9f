package io.lockstep.vm.determinism;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.Engine;
import io.lockstep.vm.ValueKind;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.gen.FuncType;
import io.lockstep.vm.gen.ModuleEncoder;
import io.lockstep.vm.gen.WasmBytes;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The smallest modules, found by the differential generator, on which Chicory 1.7.5 goes wrong unless the
 * instrumenter works around it. Each must give the WebAssembly answer on both engines.
 */
class ChicoryWorkaroundsTest {

    private static final FuncType RETURNS_I32 = new FuncType(List.of(), List.of(ValueKind.I32));

    /** A branch to the function label, and a body ending in a block: Chicory's compiler crashed. */
    @Test
    void branchToFunctionLabelBeforeFinalBlock() {
        WasmBytes body = new WasmBytes()
                .u8(0x41)
                .s32(1) // i32.const 1
                .u8(0x41)
                .s32(0) // i32.const 0
                .u8(0x0D)
                .u32(0) // br_if 0 (the function)
                .u8(0x1A) // drop
                .u8(0x02)
                .u8(0x7F) // block (result i32)
                .u8(0x41)
                .s32(2)
                .u8(0x0B); // end
        assertOnBothEngines(module(body, false), "success results=[i32:0x00000002]");
    }

    /** A branch out of a block with a parameter: Chicory left the parameter under the result (101). */
    @Test
    void branchOutOfBlockWithParameter() {
        ModuleEncoder encoder = new ModuleEncoder();
        int blockType = encoder.typeIndex(new FuncType(List.of(ValueKind.I32), List.of(ValueKind.I32)));
        WasmBytes body = new WasmBytes()
                .u8(0x41)
                .s32(5)
                .u8(0x41)
                .s32(1)
                .u8(0x02)
                .s64(blockType) // block (param i32) (result i32)
                .u8(0x41)
                .s32(100)
                .u8(0x0C)
                .u32(0) // br 0
                .u8(0x0B) // end
                .u8(0x6A); // i32.add: 5 + 100
        assertOnBothEngines(module(encoder, body, false), "success results=[i32:0x00000069]");
    }

    /** A store past 4 GiB through its static offset: Chicory's interpreter wrapped around and wrote. */
    @Test
    void storeWhoseOffsetPassesFourGibibytesTraps() {
        WasmBytes body = new WasmBytes()
                .u8(0x41)
                .s32(16)
                .u8(0x41)
                .s32(7)
                .u8(0x3A)
                .u32(0)
                .u32(0xFFFF_FFFAL) // i32.store8 offset=4294967290
                .u8(0x41)
                .s32(10)
                .u8(0x2D)
                .u32(0)
                .u32(0); // i32.load8_u
        assertOnBothEngines(module(body, true), "trapped kind=MEMORY_OUT_OF_BOUNDS");
    }

    private static byte[] module(WasmBytes body, boolean memory) {
        return module(new ModuleEncoder(), body, memory);
    }

    private static byte[] module(ModuleEncoder encoder, WasmBytes body, boolean memory) {
        encoder.function(encoder.typeIndex(RETURNS_I32), List.of(), body);
        encoder.exportFunction("entry", 0);
        if (memory) {
            encoder.memory(1, 1);
        }
        return encoder.encode();
    }

    private static void assertOnBothEngines(byte[] wasm, String expected) {
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            DeployResult deploy = vm.deploy(wasm);
            assertInstanceOf(DeployResult.Deployed.class, deploy, deploy.toString());
            DeployedCode code = ((DeployResult.Deployed) deploy).code();
            java.util.Set<String> fullOutcomes = new java.util.HashSet<>();
            for (Engine engine : Engine.values()) {
                String outcome = OutcomeText.of(vm.invoke(code, "entry", List.of(), 10_000_000, engine));
                fullOutcomes.add(outcome);
                // fuel follows the cost table; what matters here is the answer and that the engines agree
                assertEquals(expected, outcome.replaceFirst(" fuel=\\d+", ""), engine.toString());
            }
            assertEquals(1, fullOutcomes.size(), "engines differ: " + fullOutcomes);
        }
    }
}
