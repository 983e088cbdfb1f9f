package io.lockstep.node.cli;

import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.Engine;
import io.lockstep.vm.VmConfig;
import io.lockstep.vm.WasmValue;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lockstep wasm run}: deploy a module, call one export, print the outcome as JSON. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Deploy a module and call one export; print the outcome as JSON.",
            "",
            "FILE.wasm goes through the contract VM's deploy pipeline (validation, feature whitelist, limits,"
                    + " instrumentation); then NAME runs in a fresh instance with an empty call context."
                    + " One JSON object is printed on stdout, with status success, reverted, out_of_fuel,"
                    + " trapped or invalid, the results, the fuel used and, unless the status is success,"
                    + " a message.",
            ""
        },
        footer = {"", "Exit status: 0 JSON printed (whatever the status), 1 operational failure, 2 usage error."})
final class WasmRunCommand implements Callable<Integer> {

    static final long DEFAULT_FUEL = 1_000_000_000L;

    @Spec
    CommandSpec spec;

    @Mixin
    ModuleFile module;

    @Option(names = "--invoke", required = true, paramLabel = "NAME", description = "The exported function to call.")
    String export;

    @Option(
            names = "--arg",
            paramLabel = "TYPE:VALUE",
            converter = WasmValueConverter.class,
            description = {
                "An argument, in order (repeat for each). TYPE is i32, i64, f32 or f64; VALUE is the raw bits"
                        + " in hex (i32:0x0000002a, f64:0x3ff8000000000000) or a decimal number"
                        + " (i32:-1, i64:90, f32:1.5)."
            })
    List<WasmValue> args = new ArrayList<>();

    @Option(
            names = "--fuel",
            paramLabel = "N",
            defaultValue = "1_000_000_000",
            converter = FuelConverter.class,
            description = "Fuel for the call, instantiation included (default: ${DEFAULT-VALUE}).")
    long fuel;

    @Option(
            names = "--engine",
            paramLabel = "ENGINE",
            defaultValue = "compiled",
            converter = EngineConverter.class,
            completionCandidates = EngineConverter.Names.class,
            description = "compiled or interpreter (default: ${DEFAULT-VALUE}); both give identical outcomes.")
    Engine engine;

    @Override
    public Integer call() {
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            DeployResult deployed = module.deploy(vm, spec);
            if (deployed instanceof DeployResult.Rejected rejected) {
                JsonOutput.print(spec.commandLine().getOut(), json -> JsonOutput.writeRejection(json, rejected));
                return LockstepCli.EXIT_OK;
            }
            DeployedCode code = ((DeployResult.Deployed) deployed).code();
            if (!code.exportedFunctions().contains(export)) {
                throw new ParameterException(
                        spec.commandLine(),
                        "No exported function '" + export + "'; the module exports " + code.exportedFunctions());
            }
            CallOutcome outcome = invoke(vm, code);
            JsonOutput.print(spec.commandLine().getOut(), json -> JsonOutput.writeOutcome(json, outcome));
            return LockstepCli.EXIT_OK;
        }
    }

    private CallOutcome invoke(ContractVm vm, DeployedCode code) {
        try {
            return vm.invoke(code, export, args, fuel, engine);
        } catch (IllegalArgumentException e) {
            // ContractVm.invoke's documented signal that the arguments do not fit the export.
            throw new ParameterException(
                    spec.commandLine(), "Arguments do not fit '" + export + "': " + e.getMessage());
        }
    }
}
