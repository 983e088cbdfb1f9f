package io.lockstep.node.cli;

import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.RejectReason;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

/** The {@code FILE.wasm} parameter shared by the wasm commands, and deploying what it names. */
final class ModuleFile {

    @Parameters(index = "0", paramLabel = "FILE.wasm", description = "A WebAssembly module in binary format.")
    Path path;

    /**
     * Deploys the module in the file. A file that cannot be read is a usage error; a file larger than the
     * chain admits is refused without being read, the way the deploy pipeline would refuse its bytes.
     */
    DeployResult deploy(ContractVm vm, CommandSpec spec) {
        if (!Files.exists(path)) {
            throw new ParameterException(spec.commandLine(), "No such file: " + path);
        }
        if (!Files.isRegularFile(path)) {
            throw new ParameterException(spec.commandLine(), "Not a regular file: " + path);
        }
        try {
            long size = Files.size(path);
            int limit = vm.config().limits().maxModuleBytes();
            if (size > limit) {
                return new DeployResult.Rejected(
                        RejectReason.LIMIT_EXCEEDED, "module is " + size + " bytes, more than the limit " + limit);
            }
            return vm.deploy(Files.readAllBytes(path));
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), "Cannot read " + path + ": " + e);
        }
    }
}
