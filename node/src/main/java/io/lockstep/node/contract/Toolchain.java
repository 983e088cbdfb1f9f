package io.lockstep.node.contract;

import java.util.Objects;

/** The programs the SDK builds run, by name on the PATH or by path. */
public record Toolchain(String node, String npm, String bash) {

    /** {@code node}, {@code npm} and {@code bash} from the PATH. */
    public static final Toolchain FROM_PATH = new Toolchain("node", "npm", "bash");

    public Toolchain {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(npm, "npm");
        Objects.requireNonNull(bash, "bash");
    }
}
