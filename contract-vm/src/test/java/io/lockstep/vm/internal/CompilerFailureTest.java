package io.lockstep.vm.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.WasmValue;
import io.lockstep.vm.testing.VmFixture;
import io.lockstep.vm.testing.Wat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A compiler defect on a valid module costs speed, never a call's outcome. */
class CompilerFailureTest {

    @Test
    void aModuleTheCompilerRejectsRunsOnTheInterpreterWithTheSameOutcome() {
        byte[] wasm = Wat.compile(
                """
                (module (func (export "sum") (param i32) (result i32) (local i32)
                  (block (loop
                    (br_if 1 (i32.eqz (local.get 0)))
                    (local.set 1 (i32.add (local.get 1) (local.get 0)))
                    (local.set 0 (i32.sub (local.get 0) (i32.const 1)))
                    (br 0)))
                  (local.get 1)))
                """);
        DeployPipeline pipeline = new DeployPipeline(VmConfig.DEFAULT, ImportPolicy.any(), true);
        PreparedModule healthy = pipeline.prepare(wasm);
        PreparedModule broken = healthy.withCompiler(module -> {
            throw new NullPointerException("simulated compiler defect");
        });
        try (ExecutionThreads threads = new ExecutionThreads(1, 64L * 1024 * 1024, VmConfig.DEFAULT.watchdog())) {
            String expected = VmFixture.describe(run(threads, healthy, Engine.COMPILED));
            assertFalse(healthy.interpretedForCompiler());
            assertEquals(expected, VmFixture.describe(run(threads, broken, Engine.COMPILED)));
            assertTrue(broken.interpretedForCompiler());
            assertEquals(1, broken.compilations(), "the failed compilation is not retried on every call");
            assertEquals(expected, VmFixture.describe(run(threads, broken, Engine.COMPILED)));
            assertEquals(1, broken.compilations());
        }
    }

    private static CallOutcome run(ExecutionThreads threads, PreparedModule code, Engine engine) {
        return threads.run(() -> {
            ModuleInstance.Instantiation inst = ModuleInstance.instantiate(
                    code, engine, com.dylibso.chicory.runtime.ImportValues.empty(), null, 10_000_000);
            return inst.instance().invoke("sum", List.of(WasmValue.i32(100)), inst.fuelLeft());
        });
    }
}
