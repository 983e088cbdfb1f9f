package io.lockstep.vm;

/**
 * Which Chicory execution engine runs an instrumented module. Both run the same instrumented bytes, so
 * results, fuel and traps are identical; the compiler is the production engine, the interpreter the
 * differential reference.
 */
public enum Engine {
    COMPILED,
    INTERPRETER;

    /** Parses {@code compiled} or {@code interpreter} (case-insensitive). */
    public static Engine parse(String text) {
        for (Engine engine : values()) {
            if (engine.name().equalsIgnoreCase(text)) {
                return engine;
            }
        }
        throw new IllegalArgumentException("unknown engine '" + text + "' (expected compiled or interpreter)");
    }
}
