package io.lockstep.vm.determinism;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.Engine;
import io.lockstep.vm.ValueKind;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.WasmValue;
import io.lockstep.vm.gen.GeneratedModule;
import io.lockstep.vm.gen.ModuleGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates the module of a seed, deploys it and runs its entry on both engines with {@link #FUEL}. Not
 * thread-safe: use one runner per thread. The VM is replaced every few hundred modules, because it keeps
 * every deployed module (and its compiled classes) for as long as it lives.
 */
final class DifferentialRunner implements AutoCloseable {

    /**
     * Enough for calls to recurse into the depth limit after instantiation (about 205,000 for one page
     * under cost table v1), small enough that endless loops end quickly.
     */
    static final long FUEL = 10_000_000;

    private static final int MODULES_PER_VM = 400;
    private static final VmConfig CONFIG = new VmConfig(
            VmConfig.DEFAULT.limits(),
            VmConfig.DEFAULT.costs(),
            VmConfig.DEFAULT.workerStackBytes(),
            1,
            VmConfig.DEFAULT.watchdog());

    private final ModuleGenerator generator = new ModuleGenerator();
    private ContractVm vm;
    private int deployed;

    SeedResult run(long seed) {
        return run(generator.generate(seed));
    }

    SeedResult run(GeneratedModule module) {
        long seed = module.seed();
        List<String> problems = new ArrayList<>();
        DeployResult deploy;
        try {
            deploy = freshEnoughVm().deploy(module.bytes());
        } catch (RuntimeException e) {
            problems.add("deploy threw " + describe(e));
            return new SeedResult(seed, "broken deploy-exception", "broken", null, problems);
        }
        if (deploy instanceof DeployResult.Rejected rejected) {
            problems.add(
                    "generator bug: the pipeline rejected the module: " + rejected.reason() + " " + rejected.message());
            return new SeedResult(seed, "broken rejected " + rejected.reason(), "broken", null, problems);
        }
        DeployedCode code = ((DeployResult.Deployed) deploy).code();
        CallOutcome compiled = invoke(code, module, Engine.COMPILED, problems);
        CallOutcome interpreted = invoke(code, module, Engine.INTERPRETER, problems);
        if (compiled == null || interpreted == null) {
            return new SeedResult(seed, "broken engine-exception", "broken", null, problems);
        }
        String compiledText = OutcomeText.of(compiled);
        String interpretedText = OutcomeText.of(interpreted);
        if (!compiledText.equals(interpretedText)) {
            problems.add("engines diverge: compiled " + compiledText + " | interpreter " + interpretedText);
            return new SeedResult(
                    seed,
                    "DIVERGED compiled=" + compiledText + " interpreter=" + interpretedText,
                    "broken",
                    null,
                    problems);
        }
        if (compiled instanceof CallOutcome.Success success) {
            for (WasmValue v : success.results()) {
                if (!canonicalIfNan(v)) {
                    problems.add("non-canonical NaN result " + v + " (every result of the entry went through a"
                            + " NaN-producing operation)");
                }
            }
        }
        var kind = compiled instanceof CallOutcome.Trapped t ? t.kind() : null;
        return new SeedResult(seed, compiledText, compiled.status(), kind, problems);
    }

    private CallOutcome invoke(DeployedCode code, GeneratedModule module, Engine engine, List<String> problems) {
        try {
            return vm.invoke(code, module.entry(), module.args(), FUEL, engine);
        } catch (RuntimeException | Error e) {
            problems.add(engine + " threw " + describe(e));
            return null;
        }
    }

    /** The exception, its causes and the first frames of the innermost: enough to find the bug. */
    static String describe(Throwable e) {
        StringBuilder text = new StringBuilder(e.toString());
        Throwable innermost = e;
        while (innermost.getCause() != null && innermost.getCause() != innermost) {
            innermost = innermost.getCause();
            text.append(" caused by ").append(innermost);
        }
        StackTraceElement[] frames = innermost.getStackTrace();
        for (int i = 0; i < Math.min(6, frames.length); i++) {
            text.append("\n        at ").append(frames[i]);
        }
        return text.toString();
    }

    static boolean canonicalIfNan(WasmValue v) {
        if (v.kind() == ValueKind.F32) {
            float f = Float.intBitsToFloat((int) v.bits());
            return !Float.isNaN(f) || v.bits() == 0x7FC0_0000L;
        }
        if (v.kind() == ValueKind.F64) {
            double d = Double.longBitsToDouble(v.bits());
            return !Double.isNaN(d) || v.bits() == 0x7FF8_0000_0000_0000L;
        }
        return true;
    }

    /** The VM for the next deployment; a new one every {@link #MODULES_PER_VM} modules. */
    private ContractVm freshEnoughVm() {
        if (vm == null || deployed >= MODULES_PER_VM) {
            close();
            vm = new ContractVm(CONFIG);
            deployed = 0;
        }
        deployed++;
        return vm;
    }

    @Override
    public void close() {
        if (vm != null) {
            vm.close();
            vm = null;
        }
    }
}
