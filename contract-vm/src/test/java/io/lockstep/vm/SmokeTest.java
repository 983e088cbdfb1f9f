package io.lockstep.vm;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SmokeTest {
    @Test
    void fac() throws Exception {
        Path p = Path.of(System.getProperty("lockstep.testdata"), "wasm-spec/json/fac/fac.0.wasm");
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            DeployResult r = vm.deploy(Files.readAllBytes(p));
            assertInstanceOf(DeployResult.Deployed.class, r, r.toString());
            DeployedCode code = ((DeployResult.Deployed) r).code();
            for (Engine e : Engine.values()) {
                CallOutcome o = vm.invoke(code, "fac-rec", List.of(WasmValue.i64(25)), 1_000_000, e);
                System.out.println(e + " " + o);
                o = vm.invoke(code, "fac-iter", List.of(WasmValue.i64(25)), 1_000_000, e);
                System.out.println(e + " " + o);
                o = vm.invoke(code, "fac-rec", List.of(WasmValue.i64(1_000_000)), 100_000_000, e);
                System.out.println(e + " " + o);
                o = vm.invoke(code, "fac-iter", List.of(WasmValue.i64(1_000_000_000)), 1_000, e);
                System.out.println(e + " " + o);
            }
        }
    }
}
