package io.lockstep.vm;

import io.lockstep.vm.internal.ModuleEnd;
import java.util.Arrays;
import java.util.Objects;

/**
 * A deploy's data split into its module and its constructor input, as Ethereum tools send a contract's
 * code followed by its ABI-encoded constructor arguments. The module ends right after its first custom
 * section named {@value #END_SECTION}; without one, the whole data is the module and the input is empty.
 * docs/spec/execution.md gives the exact rules.
 *
 * @param module the code that is stored, hashed and served by {@code eth_getCode}
 * @param constructorInput what the {@value ContractVm#DEPLOY_EXPORT} export reads as its input
 */
public record DeployData(byte[] module, byte[] constructorInput) {

    /** The custom section that ends a module whose deploy data carries a constructor input. */
    public static final String END_SECTION = ModuleEnd.NAME;

    public DeployData {
        module = Objects.requireNonNull(module, "module").clone();
        constructorInput =
                Objects.requireNonNull(constructorInput, "constructorInput").clone();
    }

    /** Splits a deploy's data. Never refuses: data that is no module is all module, for the pipeline to refuse. */
    public static DeployData split(byte[] data) {
        Objects.requireNonNull(data, "data");
        int end = ModuleEnd.length(data);
        return new DeployData(Arrays.copyOfRange(data, 0, end), Arrays.copyOfRange(data, end, data.length));
    }

    @Override
    public byte[] module() {
        return module.clone();
    }

    @Override
    public byte[] constructorInput() {
        return constructorInput.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeployData d
                && Arrays.equals(module, d.module)
                && Arrays.equals(constructorInput, d.constructorInput);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(module) + Arrays.hashCode(constructorInput);
    }

    @Override
    public String toString() {
        return "DeployData[module=" + module.length + " bytes, constructorInput=" + constructorInput.length + " bytes]";
    }
}
