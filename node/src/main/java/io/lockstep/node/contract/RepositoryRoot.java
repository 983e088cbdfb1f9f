package io.lockstep.node.contract;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the repository (and so {@code sdk/}) is: the {@code lockstep.root} system property, which the
 * {@code lockstep} launcher sets to its own directory, or else the nearest directory at or above the
 * working directory that holds the SDKs.
 */
public final class RepositoryRoot {

    /** The system property the launcher sets. */
    public static final String PROPERTY = "lockstep.root";

    private RepositoryRoot() {}

    /** The repository root, if one can be found. */
    public static Optional<Path> locate() {
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) {
            Path root = Path.of(property).toAbsolutePath();
            return hasSdk(root) ? Optional.of(root) : Optional.empty();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (hasSdk(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code dir} holds the SDKs this tool runs. */
    public static boolean hasSdk(Path dir) {
        return Files.isRegularFile(dir.resolve("sdk/assemblyscript/package.json"))
                || Files.isRegularFile(dir.resolve("sdk/rust/build-contract.sh"));
    }
}
