package io.lockstep.node.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.Map;

/**
 * Writes a tree of maps, lists, strings, numbers and booleans as YAML. Strings are always quoted, so
 * that another YAML reader never takes {@code 0x...} for a number or {@code on} for a boolean.
 */
final class YamlWriter {

    private static final YAMLMapper MAPPER = YAMLMapper.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build();

    private YamlWriter() {}

    /** {@code header} lines become comments above the document. */
    static String write(String header, Map<String, Object> root) {
        StringBuilder out = new StringBuilder();
        header.lines()
                .forEach(line -> out.append(line.isEmpty() ? "#" : "# " + line).append('\n'));
        try {
            return out.append(MAPPER.writeValueAsString(root)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("maps of strings and numbers always serialize", e);
        }
    }
}
