package io.lockstep.node.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A parsed YAML document whose scalars are kept as the text that was written. YAML 1.1 would read
 * {@code 010} as 8, {@code yes} as true and {@code 0x10} as 16; the file readers give every field its own
 * strict syntax instead, so what a field means never depends on how a YAML library resolves a scalar.
 */
sealed interface YamlNode {

    /** A scalar's text, quoted or not. */
    record Scalar(String text) implements YamlNode {}

    /** Keys in the order written. */
    record Mapping(Map<String, YamlNode> entries) implements YamlNode {
        public Mapping {
            entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        }
    }

    record Sequence(List<YamlNode> items) implements YamlNode {
        public Sequence {
            items = List.copyOf(items);
        }
    }

    /** A key with no value ({@code key:}, {@code ~} or {@code null}). */
    record Empty() implements YamlNode {}

    /** What the node is, for messages such as "expected a list, found a mapping". */
    default String kind() {
        if (this instanceof Scalar) {
            return "a value";
        } else if (this instanceof Mapping) {
            return "a mapping";
        } else if (this instanceof Sequence) {
            return "a list";
        }
        return "nothing";
    }

    YAMLFactory FACTORY = new YAMLFactory();

    /** Parses one YAML document; an empty text is an empty mapping. */
    static YamlNode parse(String text) {
        try (JsonParser parser = FACTORY.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Mapping(Map.of());
            }
            YamlNode root = read(parser, "");
            if (parser.nextToken() != null) {
                throw new ConfigException(null, "more than one YAML document (a second '---'); write one");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ConfigException(null, "not valid YAML" + where(e.getLocation()) + ": " + problem(e));
        } catch (IOException e) {
            // A String source does no I/O; a failure here is a bug, not bad input.
            throw new UncheckedIOException(e);
        }
    }

    private static YamlNode read(JsonParser parser, String path) throws IOException {
        JsonToken token = parser.currentToken();
        if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
            // Jackson reads an alias as its anchor's name, silently; refuse it instead.
            throw new ConfigException(
                    path.isEmpty() ? null : path,
                    "YAML aliases (*" + parser.getText() + ") are not supported; write the value out");
        }
        switch (token) {
            case START_OBJECT -> {
                Map<String, YamlNode> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    String child = path.isEmpty() ? key : path + "." + key;
                    if (entries.containsKey(key)) {
                        throw new ConfigException(child, "written twice");
                    }
                    parser.nextToken();
                    entries.put(key, read(parser, child));
                }
                return new Mapping(entries);
            }
            case START_ARRAY -> {
                List<YamlNode> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(read(parser, path + "[" + items.size() + "]"));
                }
                return new Sequence(items);
            }
            case VALUE_NULL -> {
                return new Empty();
            }
            default -> {
                return new Scalar(parser.getText());
            }
        }
    }

    private static String where(JsonLocation location) {
        return location == null || location.getLineNr() < 1
                ? ""
                : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** The YAML parser's own sentences, without its multi-line excerpts of the file. */
    private static String problem(JsonProcessingException e) {
        String sentences = e.getOriginalMessage()
                .lines()
                .filter(line -> !line.isBlank() && !Character.isWhitespace(line.charAt(0)))
                .collect(Collectors.joining(": "));
        return sentences.isEmpty() ? e.getOriginalMessage().strip() : sentences;
    }
}
