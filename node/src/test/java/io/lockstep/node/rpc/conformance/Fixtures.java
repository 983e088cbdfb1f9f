package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The execution-apis request/response fixtures: every {@code tests/<dir>/<name>.io} file, split into exchanges.
 *
 * <p>The format is line based: {@code //} comment lines (those before the first message are the test's
 * description; {@code speconly:} among them marks values that differ between clients), {@code >>} a request,
 * {@code <<} the response to the request before it, blank lines ignored, and an optional {@code --} line after
 * which the rest is a validation script in JavaScript (not run here). A file may hold several exchanges, and the
 * request's {@code method}, not the directory, says which method an exchange tests.
 */
final class Fixtures {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<Fixture> all;
    private final SortedMap<String, List<Fixture>> byMethod;

    private Fixtures(List<Fixture> all) {
        this.all = List.copyOf(all);
        SortedMap<String, List<Fixture>> grouped = new TreeMap<>();
        all.forEach(
                f -> grouped.computeIfAbsent(f.method(), m -> new ArrayList<>()).add(f));
        grouped.replaceAll((method, list) -> List.copyOf(list));
        this.byMethod = Collections.unmodifiableSortedMap(grouped);
    }

    /** Reads every {@code .io} file under an execution-apis {@code tests} directory, in name order. */
    static Fixtures load(Path tests) throws IOException {
        if (!Files.isDirectory(tests)) {
            throw new IllegalArgumentException("not a directory: " + tests);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(tests)) {
            files = walk.filter(f -> f.getFileName().toString().endsWith(".io"))
                    .filter(Files::isRegularFile)
                    .sorted()
                    .toList();
        }
        List<Fixture> all = new ArrayList<>();
        for (Path file : files) {
            String relative = tests.relativize(file).toString().replace('\\', '/');
            String name = relative.substring(0, relative.length() - ".io".length());
            all.addAll(parse(name, Files.readString(file, StandardCharsets.UTF_8)));
        }
        return new Fixtures(all);
    }

    /** Splits one file's text into its exchanges; a malformed file is refused with its line number. */
    static List<Fixture> parse(String name, String text) {
        StringBuilder comment = new StringBuilder();
        boolean specOnly = false;
        boolean inHeader = true;
        List<JsonNode[]> exchanges = new ArrayList<>();
        JsonNode pendingRequest = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            int number = i + 1;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("//")) {
                if (inHeader) {
                    String note = line.substring(2).stripLeading();
                    comment.append(note).append('\n');
                    specOnly |= note.startsWith("speconly:");
                }
            } else if (line.startsWith(">>")) {
                inHeader = false;
                if (pendingRequest != null) {
                    throw malformed(name, number, "a request follows a request that has no response");
                }
                pendingRequest = json(name, number, line.substring(2));
            } else if (line.startsWith("<<")) {
                inHeader = false;
                if (pendingRequest == null) {
                    throw malformed(name, number, "a response without a request before it");
                }
                exchanges.add(new JsonNode[] {pendingRequest, json(name, number, line.substring(2))});
                pendingRequest = null;
            } else if (line.equals("--")) {
                break;
            } else {
                throw malformed(name, number, "neither //, >>, << nor --: " + abbreviate(line));
            }
        }
        if (pendingRequest != null) {
            throw malformed(name, lines.length, "the last request has no response");
        }
        if (exchanges.isEmpty()) {
            throw malformed(name, lines.length, "no exchange");
        }
        List<Fixture> fixtures = new ArrayList<>();
        for (int i = 0; i < exchanges.size(); i++) {
            String exchangeName = exchanges.size() == 1 ? name : name + "#" + (i + 1);
            fixtures.add(new Fixture(
                    exchangeName,
                    comment.toString(),
                    specOnly,
                    exchanges.get(i)[0],
                    exchanges.get(i)[1]));
        }
        return fixtures;
    }

    private static JsonNode json(String name, int line, String text) {
        try {
            JsonNode node = JSON.readTree(text.strip());
            if (node == null || !node.isObject()) {
                throw malformed(name, line, "a message that is not a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw malformed(name, line, "invalid JSON: " + e.getOriginalMessage());
        }
    }

    private static IllegalArgumentException malformed(String name, int line, String what) {
        return new IllegalArgumentException(name + ".io line " + line + ": " + what);
    }

    private static String abbreviate(String line) {
        return line.length() <= 60 ? line : line.substring(0, 60) + "…";
    }

    List<Fixture> all() {
        return all;
    }

    /** The exchanges whose request calls a method, from whichever file; empty for a method without fixtures. */
    List<Fixture> of(String method) {
        return byMethod.getOrDefault(method, List.of());
    }

    SortedSet<String> methods() {
        return new TreeSet<>(byMethod.keySet());
    }
}
