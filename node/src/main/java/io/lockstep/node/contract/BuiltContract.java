package io.lockstep.node.contract;

import java.nio.file.Path;
import java.util.Objects;

/** What an SDK build wrote: the module and its Ethereum ABI JSON. */
public record BuiltContract(String name, ContractLanguage language, Path wasm, Path abi) {
    public BuiltContract {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(wasm, "wasm");
        Objects.requireNonNull(abi, "abi");
    }
}
