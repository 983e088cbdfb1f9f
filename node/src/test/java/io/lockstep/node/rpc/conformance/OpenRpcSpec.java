package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The execution-apis OpenRPC specification as its {@code src/} tree writes it: method documents (YAML lists of
 * methods, under {@code eth/}, {@code debug/}, {@code engine/openrpc/methods/}, ...), schema documents (YAML maps
 * of named schemas, under {@code schemas/} and {@code engine/openrpc/schemas/}) and error groups (under {@code
 * error-groups/}). As in the specification's own build, all schema documents form one {@code components.schemas}
 * namespace and a name defined twice is an error.
 */
final class OpenRpcSpec {

    private static final String ERROR_GROUPS_DIR = "error-groups";

    private final SchemaRegistry schemas;
    private final SortedMap<String, MethodSpec> methods;
    private final SortedMap<String, ErrorGroup> errorGroups;

    private OpenRpcSpec(
            SchemaRegistry schemas, SortedMap<String, MethodSpec> methods, SortedMap<String, ErrorGroup> groups) {
        this.schemas = schemas;
        this.methods = Collections.unmodifiableSortedMap(methods);
        this.errorGroups = Collections.unmodifiableSortedMap(groups);
    }

    /** Reads every {@code .yaml} file under an execution-apis {@code src} directory. */
    static OpenRpcSpec load(Path src) throws IOException {
        if (!Files.isDirectory(src)) {
            throw new IllegalArgumentException("not a directory: " + src);
        }
        YAMLMapper yaml = new YAMLMapper();
        Map<String, JsonNode> schemaBodies = new LinkedHashMap<>();
        Map<String, JsonNode> methodBodies = new LinkedHashMap<>();
        SortedMap<String, ErrorGroup> groups = new TreeMap<>();
        for (Path file : yamlFiles(src)) {
            String relative = src.relativize(file).toString().replace('\\', '/');
            JsonNode document = yaml.readTree(file.toFile());
            if (relative.startsWith(ERROR_GROUPS_DIR + "/")) {
                readErrorGroups(document, relative, groups);
            } else if (document.isArray()) {
                for (JsonNode method : document) {
                    String name = method.path("name").asText("");
                    if (name.isEmpty()) {
                        throw new IllegalStateException(relative + ": a method without a name");
                    }
                    putOnce(methodBodies, name, method, relative, "method");
                }
            } else if (document.isObject()) {
                document.fields()
                        .forEachRemaining(
                                field -> putOnce(schemaBodies, field.getKey(), field.getValue(), relative, "schema"));
            } else {
                throw new IllegalStateException(relative + " is neither a list of methods nor a map of schemas");
            }
        }
        SortedMap<String, MethodSpec> methods = new TreeMap<>();
        methodBodies.forEach((name, body) -> methods.put(name, method(name, body, groups)));
        return new OpenRpcSpec(new SchemaRegistry(schemaBodies), methods, groups);
    }

    private static List<Path> yamlFiles(Path src) throws IOException {
        try (Stream<Path> files = Files.walk(src)) {
            return files.filter(Files::isRegularFile)
                    .filter(file -> file.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        }
    }

    private static <T> void putOnce(Map<String, T> into, String name, T value, String file, String what) {
        if (into.putIfAbsent(name, value) != null) {
            throw new IllegalStateException(file + ": " + what + " " + name + " is defined twice");
        }
    }

    private static void readErrorGroups(JsonNode document, String file, SortedMap<String, ErrorGroup> groups) {
        document.fields().forEachRemaining(field -> {
            List<MethodSpec.DeclaredError> errors = new ArrayList<>();
            for (JsonNode error : field.getValue().path("errors")) {
                errors.add(declaredError(error, Optional.empty(), field.getKey(), file));
            }
            putOnce(groups, field.getKey(), new ErrorGroup(field.getKey(), errors), file, "error group");
        });
    }

    private static MethodSpec.DeclaredError declaredError(
            JsonNode error, Optional<Schema> data, String declaredIn, String where) {
        JsonNode code = error.path("code");
        if (!code.isInt()) {
            throw new IllegalStateException(where + ": error code " + code + " is not an integer");
        }
        return new MethodSpec.DeclaredError(code.asInt(), error.path("message").asText(""), data, declaredIn);
    }

    private static MethodSpec method(String name, JsonNode body, Map<String, ErrorGroup> groups) {
        String location = "#/methods/" + name;
        List<MethodSpec.Param> params = new ArrayList<>();
        JsonNode paramNodes = body.path("params");
        for (int i = 0; i < paramNodes.size(); i++) {
            JsonNode param = paramNodes.get(i);
            params.add(new MethodSpec.Param(
                    param.path("name").asText(),
                    param.path("required").asBoolean(false),
                    schemaAt(param, location + "/params/" + i)));
        }
        Schema result = schemaAt(body.path("result"), location + "/result");
        List<MethodSpec.DeclaredError> errors = new ArrayList<>();
        JsonNode errorNodes = body.path("errors");
        for (int i = 0; i < errorNodes.size(); i++) {
            JsonNode error = errorNodes.get(i);
            Optional<Schema> data = error.has("data")
                    ? Optional.of(new Schema(error.get("data"), location + "/errors/" + i + "/data"))
                    : Optional.empty();
            errors.add(declaredError(error, data, "method", location));
        }
        for (JsonNode reference : body.path("error-groups")) {
            String ref = reference.path("$ref").asText("");
            if (!ref.startsWith(ErrorGroup.REF_PREFIX)) {
                throw new IllegalStateException(location + ": unsupported error-groups reference " + reference);
            }
            ErrorGroup group = groups.get(ref.substring(ErrorGroup.REF_PREFIX.length()));
            if (group == null) {
                throw new IllegalStateException(location + ": error group " + ref + " is not defined");
            }
            errors.addAll(group.errors());
        }
        return new MethodSpec(name, params, result, errors);
    }

    private static Schema schemaAt(JsonNode descriptor, String location) {
        JsonNode schema = descriptor.get("schema");
        if (schema == null) {
            throw new IllegalStateException(location + " has no schema");
        }
        return new Schema(schema, location + "/schema");
    }

    SchemaRegistry schemas() {
        return schemas;
    }

    Optional<MethodSpec> method(String name) {
        return Optional.ofNullable(methods.get(name));
    }

    SortedSet<String> methodNames() {
        return new TreeSet<>(methods.keySet());
    }

    SortedMap<String, ErrorGroup> errorGroups() {
        return errorGroups;
    }

    /** Every schema written in the specification: the components, and each method's parameters, result and data. */
    List<Schema> allSchemas() {
        List<Schema> all = new ArrayList<>();
        schemas.names().forEach(name -> all.add(schemas.component(name)));
        for (MethodSpec method : methods.values()) {
            method.params().forEach(param -> all.add(param.schema()));
            all.add(method.result());
            method.errors().forEach(error -> error.data().ifPresent(all::add));
        }
        return all;
    }
}
