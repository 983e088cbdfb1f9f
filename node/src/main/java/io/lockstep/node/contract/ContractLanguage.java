package io.lockstep.node.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The languages the SDKs build, each recognised by the source file a contract directory must have. */
public enum ContractLanguage {
    ASSEMBLYSCRIPT("assembly/index.ts"),
    RUST("src/lib.rs");

    private final String entry;

    ContractLanguage(String entry) {
        this.entry = entry;
    }

    /** The contract's entry source, relative to its directory. */
    public String entry() {
        return entry;
    }

    /** The name used in output: {@code assemblyscript} or {@code rust}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The language of the contract in {@code dir}, from the one entry source it has.
     *
     * @throws ContractBuildException {@link ContractBuildException.Problem#UNKNOWN_LAYOUT} when it has none
     *     or more than one
     */
    public static ContractLanguage detect(Path dir) {
        List<ContractLanguage> found = new ArrayList<>();
        for (ContractLanguage language : values()) {
            if (Files.isRegularFile(dir.resolve(language.entry))) {
                found.add(language);
            }
        }
        if (found.size() == 1) {
            return found.get(0);
        }
        if (found.isEmpty()) {
            throw new ContractBuildException(
                    ContractBuildException.Problem.UNKNOWN_LAYOUT,
                    "no contract source in " + dir + ": looked for " + ASSEMBLYSCRIPT.entry + " (AssemblyScript) and "
                            + RUST.entry + " (Rust)");
        }
        throw new ContractBuildException(
                ContractBuildException.Problem.UNKNOWN_LAYOUT,
                dir + " has both " + ASSEMBLYSCRIPT.entry + " and " + RUST.entry
                        + "; a contract directory holds one contract in one language");
    }
}
