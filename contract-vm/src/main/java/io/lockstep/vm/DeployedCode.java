package io.lockstep.vm;

import java.util.List;

/**
 * A module that passed the deploy pipeline: validated, admitted, instrumented, re-validated, and ready
 * to run. Obtained from {@link ContractVm#deploy(byte[])} and cached by {@link #hash()}.
 */
public interface DeployedCode {

    /** SHA-256 of the original module bytes. */
    CodeHash hash();

    int originalSize();

    int instrumentedSize();

    /** The bytes every validator runs: the module with fuel, NaN and stack-depth code injected. */
    byte[] instrumentedBytes();

    /** Names of the exported functions, in export order. */
    List<String> exportedFunctions();

    /** Fuel charged for instantiating the module before any export runs. */
    long instantiationFuel();

    /** Whether a deploy runs a constructor: the module exports {@value ContractVm#DEPLOY_EXPORT}. */
    default boolean hasConstructor() {
        return exportedFunctions().contains(ContractVm.DEPLOY_EXPORT);
    }
}
