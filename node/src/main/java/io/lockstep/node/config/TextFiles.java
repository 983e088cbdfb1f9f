package io.lockstep.node.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Reading and replacing the small UTF-8 files this package owns, with errors that name the file. */
final class TextFiles {

    private TextFiles() {}

    static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.ofFile(file, "no such file", e);
        } catch (AccessDeniedException e) {
            throw ConfigException.ofFile(file, "permission denied", e);
        } catch (CharacterCodingException e) {
            throw ConfigException.ofFile(file, "not UTF-8 text", e);
        } catch (IOException e) {
            if (Files.isDirectory(file)) {
                throw ConfigException.ofFile(file, "is a directory, not a file", e);
            }
            throw ConfigException.ofFile(file, "cannot be read: " + e, e);
        }
    }

    /**
     * Writes {@code text} to {@code file} through a temporary file in the same directory, so that a crash
     * leaves either the old file or the new one, never half of one.
     */
    static void replace(Path file, String text) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp");
        try {
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            if (Files.getFileStore(temporary).supportsFileAttributeView("posix")) {
                // Temporary files are owner-only; these files are not secret, so they get the usual
                // rw-r--r--, or keep the permissions of the file they replace.
                Files.setPosixFilePermissions(
                        temporary,
                        Files.exists(file)
                                ? Files.getPosixFilePermissions(file)
                                : PosixFilePermissions.fromString("rw-r--r--"));
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }
}
