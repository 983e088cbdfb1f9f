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

    /**
     * The empty {@code lockstep.end} custom section that ends a module before a deploy's constructor input,
     * written out byte by byte (wat2wasm here does not emit {@code @custom} annotations).
     */
    public static byte[] endSection() {
        byte[] name = "lockstep.end".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] section = new byte[3 + name.length];
        section[0] = 0; // custom section
        section[1] = (byte) (1 + name.length); // payload: the name's length byte and the name
        section[2] = (byte) name.length;
        System.arraycopy(name, 0, section, 3, name.length);
        return section;
    }

    /** The byte arrays one after the other. */
    public static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] part : parts) {
            System.arraycopy(part, 0, out, at, part.length);
            at += part.length;
        }
        return out;
    }

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
