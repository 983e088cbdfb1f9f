package io.lockstep.node.contract;

import java.util.Objects;

/** A contract could not be built; {@link #problem()} says which kind of failure, for the exit status. */
public final class ContractBuildException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. Append-only: the command line maps each to its own exit status. */
    public enum Problem {
        /** The directory holds no contract source this tool knows, or more than one. */
        UNKNOWN_LAYOUT,
        /** The language's toolchain (Node.js and npm, or a rustc with wasm32) is not installed. */
        TOOLCHAIN_MISSING,
        /** The SDK's build ran and failed: the contract does not compile, or the build broke. */
        BUILD_FAILED
    }

    private final Problem problem;

    public ContractBuildException(Problem problem, String message) {
        super(message);
        this.problem = Objects.requireNonNull(problem, "problem");
    }

    public Problem problem() {
        return problem;
    }
}
