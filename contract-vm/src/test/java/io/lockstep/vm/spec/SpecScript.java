package io.lockstep.vm.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A converted spec script: its commands and the folder that holds the module files they name. */
record SpecScript(String name, Path folder, List<SpecCommand> commands) {

    private static final ObjectMapper JSON = new ObjectMapper();

    static SpecScript load(Path folder) {
        String name = folder.getFileName().toString();
        Path json = folder.resolve(name + ".json");
        try {
            JsonNode root = JSON.readTree(json.toFile());
            List<SpecCommand> commands = new ArrayList<>();
            for (JsonNode command : root.path("commands")) {
                commands.add(SpecCommand.of(command));
            }
            return new SpecScript(name, folder, List.copyOf(commands));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + json, e);
        }
    }

    byte[] moduleBytes(String filename) {
        try {
            return Files.readAllBytes(folder.resolve(filename));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read module " + filename + " of " + name, e);
        }
    }
}
