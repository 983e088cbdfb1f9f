package io.lockstep.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/** Writes a file with given content and checks the exact message a reader refuses it with. */
final class ConfigErrors {

    private ConfigErrors() {}

    static Path write(Path dir, String name, String content) {
        try {
            return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads {@code content} as file {@code name} and checks that it is refused with {@code file: expected},
     * the message naming the file first.
     */
    static ConfigException assertRefused(
            Path dir, String name, String content, Function<Path, ?> reader, String expected) {
        Path file = write(dir, name, content);
        ConfigException e = assertThrows(ConfigException.class, () -> reader.apply(file), content);
        assertEquals(file + ": " + expected, e.getMessage(), () -> "for the file:\n" + content);
        assertEquals(file.toString(), e.file().orElseThrow());
        return e;
    }
}
