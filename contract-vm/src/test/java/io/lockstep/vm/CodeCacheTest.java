package io.lockstep.vm;

import static io.lockstep.vm.testing.VmFixture.deploy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.vm.internal.PreparedModule;
import io.lockstep.vm.testing.Wat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Code is kept by hash and compiled once, however many calls run it. */
class CodeCacheTest {

    @Test
    void deployingTheSameBytesReturnsTheSameCodeCompiledOnce() throws Exception {
        byte[] wasm = Wat.compile(
                "(module (func (export \"inc\") (param i32) (result i32)" + " (i32.add (local.get 0) (i32.const 1))))");
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            DeployedCode first = deploy(vm, wasm);
            DeployedCode second = deploy(vm, wasm.clone());
            assertSame(first, second);
            assertEquals(CodeHash.of(wasm), first.hash());
            assertSame(first, vm.code(first.hash()).orElseThrow());
            assertEquals(0, ((PreparedModule) first).compilations(), "compilation waits for the first compiled call");

            ExecutorService callers = Executors.newFixedThreadPool(4);
            try {
                List<Future<CallOutcome>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < 40; i++) {
                    int n = i;
                    calls.add(callers.submit(
                            () -> vm.invoke(first, "inc", List.of(WasmValue.i32(n)), 100_000, Engine.COMPILED)));
                }
                for (int i = 0; i < calls.size(); i++) {
                    CallOutcome outcome = calls.get(i).get();
                    assertEquals(List.of(WasmValue.i32(i + 1)), ((CallOutcome.Success) outcome).results());
                }
            } finally {
                callers.shutdownNow();
            }
            assertEquals(1, ((PreparedModule) first).compilations());
            assertTrue(first.instrumentedSize() > first.originalSize());
        }
    }
}
