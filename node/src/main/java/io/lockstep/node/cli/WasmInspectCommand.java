package io.lockstep.node.cli;

import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.VmConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code lockstep wasm inspect}: what the deploy pipeline makes of a module, as JSON. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Deploy a module without running it; print what the pipeline made of it as JSON.",
            "",
            "One JSON object is printed on stdout: status valid with the code hash, original and instrumented"
                    + " sizes, exported functions and instantiation fuel; or status invalid with the reason"
                    + " and a message.",
            ""
        },
        footer = {"", "Exit status: 0 JSON printed (valid or invalid), 1 operational failure, 2 usage error."})
final class WasmInspectCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ModuleFile module;

    @Override
    public Integer call() {
        try (ContractVm vm = new ContractVm(VmConfig.DEFAULT)) {
            DeployResult deployed = module.deploy(vm, spec);
            if (deployed instanceof DeployResult.Rejected rejected) {
                JsonOutput.print(spec.commandLine().getOut(), json -> JsonOutput.writeRejection(json, rejected));
            } else {
                DeployedCode code = ((DeployResult.Deployed) deployed).code();
                long costTable = vm.config().costs().version();
                JsonOutput.print(spec.commandLine().getOut(), json -> JsonOutput.writeCode(json, code, costTable));
            }
            return LockstepCli.EXIT_OK;
        }
    }
}
