package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenRpcSpecTest {

    @TempDir
    Path src;

    private void write(String relative, String yaml) throws IOException {
        Path file = src.resolve(relative);
        Files.createDirectories(file.getParent());
        Files.writeString(file, yaml);
    }

    private void writeMiniSpec() throws IOException {
        write(
                "schemas/base.yaml",
                """
                bytes:
                  type: string
                  pattern: ^0x[0-9a-f]*$
                """);
        write(
                "schemas/tx.yaml",
                """
                Tx:
                  type: object
                  properties:
                    input:
                      $ref: '#/components/schemas/bytes'
                """);
        write(
                "error-groups/standard.yaml",
                """
                Standard:
                  errors:
                    - code: -32602
                      message: Invalid params
                """);
        write(
                "eth/submit.yaml",
                """
                - name: eth_send
                  params:
                    - name: Transaction
                      required: true
                      schema:
                        $ref: '#/components/schemas/Tx'
                    - name: Note
                      schema:
                        type: string
                  result:
                    name: Hash
                    schema:
                      $ref: '#/components/schemas/bytes'
                  errors:
                    - code: 3
                      message: execution reverted
                      data:
                        $ref: '#/components/schemas/bytes'
                  error-groups:
                    - $ref: '#/components/error-groups/Standard'
                """);
        write("eth/README.md", "not YAML, not read");
    }

    @Test
    void methodsSchemasAndErrorGroupsAreReadAcrossFiles() throws IOException {
        writeMiniSpec();
        OpenRpcSpec spec = OpenRpcSpec.load(src);

        assertEquals(Set.of("eth_send"), spec.methodNames());
        MethodSpec method = spec.method("eth_send").orElseThrow();
        assertEquals(2, method.params().size());
        assertTrue(method.params().get(0).required());
        assertFalse(method.params().get(1).required());
        assertEquals(
                "#/methods/eth_send/params/1/schema",
                method.params().get(1).schema().location());
        assertEquals("#/methods/eth_send/result/schema", method.result().location());
        assertEquals(Set.of(-32602, 3), method.errorCodes());
        assertEquals("Standard", method.error(-32602).orElseThrow().declaredIn());
        assertEquals(
                "#/methods/eth_send/errors/0/data",
                method.error(3).orElseThrow().data().orElseThrow().location());
        ResolvedSchema input = spec.schemas()
                .resolve(new Schema(spec.schemas().component("Tx").body().at("/properties/input"), "x"));
        assertEquals("#/components/schemas/bytes", input.location(), "a $ref into another file resolves");
        assertEquals(6, spec.allSchemas().size(), "2 components, 2 parameters, 1 result, 1 error data");
    }

    @Test
    void aNameDefinedTwiceIsRefused() throws IOException {
        writeMiniSpec();
        write("schemas/again.yaml", "bytes:\n  type: string\n");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpenRpcSpec.load(src));
        assertTrue(e.getMessage().contains("schema bytes is defined twice"), e::getMessage);
    }

    @Test
    void anUndefinedErrorGroupIsRefused() throws IOException {
        writeMiniSpec();
        write(
                "eth/other.yaml",
                """
                - name: eth_other
                  params: []
                  result:
                    name: Nothing
                    schema:
                      type: 'null'
                  error-groups:
                    - $ref: '#/components/error-groups/Missing'
                """);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> OpenRpcSpec.load(src));
        assertTrue(
                e.getMessage().contains("error group #/components/error-groups/Missing is not defined"), e::getMessage);
    }

    @Test
    void theExecutionApisSpecificationLoadsAndEveryRefResolves() {
        OpenRpcSpec spec = ExecutionApis.shared().spec();
        SchemaRegistry schemas = spec.schemas();
        int refs = 0;
        Deque<Schema> pending = new ArrayDeque<>(spec.allSchemas());
        while (!pending.isEmpty()) {
            Schema schema = pending.pop();
            JsonNode body = schema.body();
            if (body.has("$ref")) {
                refs++;
                schemas.resolve(schema);
            }
            body.fields().forEachRemaining(field -> {
                if (field.getValue().isContainerNode() && !field.getKey().equals("$ref")) {
                    pending.push(new Schema(field.getValue(), Pointer.append(schema.location(), field.getKey())));
                }
            });
            if (body.isArray()) {
                for (int i = 0; i < body.size(); i++) {
                    pending.push(new Schema(body.get(i), Pointer.append(schema.location(), i)));
                }
            }
        }
        System.out.printf(
                "execution-apis: %d methods, %d component schemas, %d $refs resolved, error groups %s%n",
                spec.methodNames().size(),
                schemas.names().size(),
                refs,
                spec.errorGroups().keySet());
        assertTrue(refs > 500, "expected the full specification's references, found " + refs);
        assertTrue(spec.method("eth_getBlockByNumber").isPresent());
        assertTrue(
                spec.method("eth_sendRawTransaction").orElseThrow().errorCodes().containsAll(List.of(-32602, 3)),
                "eth_sendRawTransaction takes its codes from the error groups");
    }

    @Test
    void aRefWithSiblingKeywordsIsOverriddenByThemAsTheSpecificationsBuildDoes() {
        SchemaRegistry schemas = ExecutionApis.shared().spec().schemas();
        ResolvedSchema restricted = schemas.resolve(schemas.component("RestrictedPayloadStatusV1"));
        JsonNode status =
                schemas.resolve(restricted.child("properties", "status")).body();
        assertEquals("[\"VALID\",\"INVALID\",\"SYNCING\"]", status.get("enum").toString());
        assertEquals("string", status.get("type").asText(), "the type comes from PayloadStatusV1's status");
    }

    /**
     * The keywords the specification's schemas use, printed; any the validator does not implement fails here
     * before it could pass unchecked elsewhere.
     */
    @Test
    void everyKeywordTheSpecificationUsesIsImplemented() {
        SortedMap<String, Integer> census =
                SchemaKeywords.census(ExecutionApis.shared().spec().allSchemas());
        System.out.println("schema keywords used by execution-apis: " + census);
        Set<String> unsupported = new TreeSet<>(census.keySet());
        unsupported.removeAll(SchemaKeywords.SUPPORTED);
        assertEquals(Set.of(), unsupported, "keywords used by the specification but not implemented");
        Set<String> unused = new TreeSet<>(SchemaKeywords.SUPPORTED);
        unused.removeAll(census.keySet());
        if (!unused.isEmpty()) {
            System.out.println("implemented keywords the specification no longer uses: " + unused);
        }
    }

    @Test
    void theCensusWalksSubschemasNotPropertyNames() {
        SchemaRegistry registry = JsonSchemaValidatorTest.registry(
                """
                Thing:
                  type: object
                  properties:
                    type:
                      title: a property named like a keyword
                      type: string
                  items:
                    - minItems: 1
                  not:
                    format: date
                """);
        SortedMap<String, Integer> census = SchemaKeywords.census(List.of(registry.component("Thing")));
        assertEquals(
                Map.of("type", 2, "properties", 1, "title", 1, "items", 1, "minItems", 1, "not", 1, "format", 1),
                census);
    }
}
