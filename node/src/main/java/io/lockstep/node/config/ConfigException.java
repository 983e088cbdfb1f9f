package io.lockstep.node.config;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A genesis, configuration or key file, or a value for one, is invalid. The message reads {@code
 * file: field: problem}, the file and field when known, so that the user can go straight to the line.
 * It is an {@link IllegalArgumentException} because records refuse bad values with it on construction.
 */
public final class ConfigException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final String file;
    private final String field;
    private final String problem;

    public ConfigException(String field, String problem) {
        this(null, field, problem, null);
    }

    private ConfigException(String file, String field, String problem, Throwable cause) {
        super(describe(file, field, problem), cause);
        this.file = file;
        this.field = field;
        this.problem = problem;
    }

    /** A problem with a file as a whole (missing, unreadable, not YAML), not with one of its fields. */
    public static ConfigException ofFile(Path file, String problem, Throwable cause) {
        return new ConfigException(file.toString(), null, problem, cause);
    }

    /** The same problem, found in {@code file}. */
    public ConfigException inFile(Path file) {
        return new ConfigException(file.toString(), field, problem, getCause());
    }

    /** The same problem, for a field of the record found at {@code parent} (a field, or a list element). */
    public ConfigException under(String parent) {
        return new ConfigException(file, field == null ? parent : parent + "." + field, problem, getCause());
    }

    public Optional<String> file() {
        return Optional.ofNullable(file);
    }

    /** The field's path, such as {@code alloc[2].balance}, when the problem is with one field. */
    public Optional<String> field() {
        return Optional.ofNullable(field);
    }

    public String problem() {
        return problem;
    }

    private static String describe(String file, String field, String problem) {
        StringBuilder message = new StringBuilder();
        if (file != null) {
            message.append(file).append(": ");
        }
        if (field != null) {
            message.append(field).append(": ");
        }
        return message.append(problem).toString();
    }
}
