package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The validator on small schemas written here, in the specification's style; needs no test data. */
class JsonSchemaValidatorTest {

    private static final String COMPONENTS =
            """
            hash32:
              title: 32 byte hex value
              type: string
              pattern: ^0x[0-9a-f]{64}$
            uint:
              title: hex encoded unsigned integer
              type: string
              pattern: ^0x(0|[1-9a-f][0-9a-f]*)$
            notFound:
              type: 'null'
            Header:
              title: Header
              type: object
              required: [hash, number]
              properties:
                hash:
                  title: Hash
                  $ref: '#/components/schemas/hash32'
                number:
                  $ref: '#/components/schemas/uint'
                status:
                  type: string
                  enum: [VALID, INVALID, SYNCING]
            HeaderOrNull:
              oneOf:
                - $ref: '#/components/schemas/notFound'
                - $ref: '#/components/schemas/Header'
            Restricted:
              $ref: '#/components/schemas/Header/properties/status'
              enum: [VALID, INVALID]
            Closed:
              type: object
              properties:
                a:
                  type: integer
                  minimum: 0
                  maximum: 10
              additionalProperties: false
            Storage:
              type: object
              patternProperties:
                '^0x[0-9a-f]{4}$':
                  $ref: '#/components/schemas/uint'
              additionalProperties: false
            Loose:
              type: object
              additionalProperties:
                type: boolean
            Hashes:
              type: array
              items:
                $ref: '#/components/schemas/hash32'
            Either:
              anyOf:
                - $ref: '#/components/schemas/uint'
                - $ref: '#/components/schemas/hash32'
            Ambiguous:
              oneOf:
                - type: string
                - pattern: ^0x
            Both:
              allOf:
                - required: [a]
                - required: [b]
            Filter:
              type: object
              not:
                required: [blockHash]
            Code:
              const: 3
            Nullable:
              type: [array, 'null']
            Unknown:
              type: array
              minItems: 1
            Dangling:
              $ref: '#/components/schemas/NoSuchSchema'
            LoopA:
              $ref: '#/components/schemas/LoopB'
            LoopB:
              $ref: '#/components/schemas/LoopA'
            """;

    private static final String HASH = "0x" + "ab".repeat(32);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SchemaRegistry registry = registry(COMPONENTS);
    private final JsonSchemaValidator validator = new JsonSchemaValidator(registry);

    static SchemaRegistry registry(String yaml) {
        try {
            JsonNode document = new YAMLMapper().readTree(yaml);
            Map<String, JsonNode> components = new LinkedHashMap<>();
            document.fields().forEachRemaining(field -> components.put(field.getKey(), field.getValue()));
            return new SchemaRegistry(components);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private List<Violation> validate(String schema, String json) {
        try {
            return validator
                    .validate(JSON.readTree(json), registry.component(schema), "/result")
                    .violations();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void assertSingle(List<Violation> violations, String path, String reference, String fragment) {
        assertEquals(1, violations.size(), violations::toString);
        Violation v = violations.get(0);
        assertEquals(Violation.Category.SCHEMA, v.category());
        assertEquals(path, v.path(), v::toString);
        assertEquals(reference, v.reference(), v::toString);
        assertTrue(v.message().contains(fragment), v::toString);
    }

    @Test
    void aValidObjectHasNoViolations() {
        assertEquals(List.of(), validate("Header", "{\"hash\":\"" + HASH + "\",\"number\":\"0x1b4\",\"extra\":1}"));
    }

    @Test
    void aPatternViolationNamesTheValuePathAndTheReferencedSchemasKeyword() {
        assertSingle(
                validate("Header", "{\"hash\":\"0x1234\",\"number\":\"0x1\"}"),
                "/result/hash",
                "#/components/schemas/hash32/pattern",
                "\"0x1234\" does not match ^0x[0-9a-f]{64}$");
    }

    @Test
    void aQuantityWithLeadingZerosFailsTheUintPattern() {
        assertSingle(
                validate("Header", "{\"hash\":\"" + HASH + "\",\"number\":\"0x01\"}"),
                "/result/number",
                "#/components/schemas/uint/pattern",
                "\"0x01\"");
    }

    @Test
    void aMissingRequiredMemberIsReportedAtTheObject() {
        assertSingle(
                validate("Header", "{\"number\":\"0x1\"}"),
                "/result",
                "#/components/schemas/Header/required",
                "missing required property \"hash\"");
    }

    @Test
    void aWrongTypeStopsTheOtherKeywordsOfThatSchema() {
        assertSingle(
                validate("Header", "{\"hash\":\"" + HASH + "\",\"number\":436}"),
                "/result/number",
                "#/components/schemas/uint/type",
                "expected type \"string\", got number 436");
        assertSingle(validate("Header", "[]"), "/result", "#/components/schemas/Header/type", "got array");
    }

    @Test
    void typeListsAcceptAnyOfTheirTypes() {
        assertEquals(List.of(), validate("Nullable", "null"));
        assertEquals(List.of(), validate("Nullable", "[1]"));
        assertSingle(validate("Nullable", "{}"), "/result", "#/components/schemas/Nullable/type", "got object");
    }

    @Test
    void enumAndConstCompareNumbersByValue() {
        assertEquals(List.of(), validate("Code", "3"));
        assertEquals(List.of(), validate("Code", "3.0"));
        assertSingle(validate("Code", "-32015"), "/result", "#/components/schemas/Code/const", "-32015");
        assertSingle(
                validate("Header", "{\"hash\":\"" + HASH + "\",\"number\":\"0x1\",\"status\":\"LOST\"}"),
                "/result/status",
                "#/components/schemas/Header/properties/status/enum",
                "\"LOST\" is not one of");
    }

    @Test
    void siblingsOfARefOverrideTheTargetAndKeepTheirOwnLocation() {
        assertEquals(List.of(), validate("Restricted", "\"VALID\""));
        assertSingle(
                validate("Restricted", "\"SYNCING\""),
                "/result",
                "#/components/schemas/Restricted/enum",
                "\"SYNCING\" is not one of [\"VALID\",\"INVALID\"]");
        // The type still comes from the target, a property inside another schema.
        assertSingle(
                validate("Restricted", "1"),
                "/result",
                "#/components/schemas/Header/properties/status/type",
                "got number");
    }

    @Test
    void additionalPropertiesFalseRefusesUndeclaredMembers() {
        assertEquals(List.of(), validate("Closed", "{\"a\":10}"));
        assertSingle(
                validate("Closed", "{\"a\":1,\"b\":2}"),
                "/result/b",
                "#/components/schemas/Closed/additionalProperties",
                "property not allowed");
    }

    @Test
    void additionalPropertiesAsASchemaValidatesUndeclaredMembers() {
        assertEquals(List.of(), validate("Loose", "{\"x\":true}"));
        assertSingle(
                validate("Loose", "{\"x\":\"yes\"}"),
                "/result/x",
                "#/components/schemas/Loose/additionalProperties/type",
                "expected type \"boolean\"");
    }

    @Test
    void integersAndTheirBounds() {
        assertSingle(
                validate("Closed", "{\"a\":1.5}"),
                "/result/a",
                "#/components/schemas/Closed/properties/a/type",
                "got number 1.5");
        assertSingle(
                validate("Closed", "{\"a\":-1}"),
                "/result/a",
                "#/components/schemas/Closed/properties/a/minimum",
                "less than the minimum 0");
        assertSingle(
                validate("Closed", "{\"a\":11}"),
                "/result/a",
                "#/components/schemas/Closed/properties/a/maximum",
                "greater than the maximum 10");
    }

    @Test
    void patternPropertiesValidateMatchingMembersAndCountAsDeclared() {
        assertEquals(List.of(), validate("Storage", "{\"0xabcd\":\"0x5\"}"));
        assertSingle(
                validate("Storage", "{\"0xabcd\":\"0x05\"}"),
                "/result/0xabcd",
                "#/components/schemas/uint/pattern",
                "\"0x05\"");
        assertSingle(
                validate("Storage", "{\"0xab\":\"0x5\"}"),
                "/result/0xab",
                "#/components/schemas/Storage/additionalProperties",
                "property not allowed");
    }

    @Test
    void itemsAreValidatedWithTheirIndexInThePath() {
        assertEquals(List.of(), validate("Hashes", "[]"));
        assertSingle(
                validate("Hashes", "[\"" + HASH + "\",\"0x12\"]"),
                "/result/1",
                "#/components/schemas/hash32/pattern",
                "\"0x12\"");
    }

    @Test
    void aFailedOneOfReportsTheClosestBranchsViolations() {
        assertEquals(List.of(), validate("HeaderOrNull", "null"));
        List<Violation> violations = validate("HeaderOrNull", "{\"hash\":\"0x12\",\"number\":\"0x1\"}");
        assertEquals(2, violations.size(), violations::toString);
        assertEquals(
                "#/components/schemas/HeaderOrNull/oneOf", violations.get(0).reference());
        assertTrue(violations.get(0).message().contains("branch 1 (Header)"), violations::toString);
        assertEquals("/result/hash", violations.get(1).path());
        assertEquals("#/components/schemas/hash32/pattern", violations.get(1).reference());
    }

    @Test
    void aOneOfMatchedTwiceIsAViolation() {
        assertEquals(List.of(), validate("Ambiguous", "\"text\""));
        assertSingle(
                validate("Ambiguous", "\"0x1\""),
                "/result",
                "#/components/schemas/Ambiguous/oneOf",
                "matches 2 oneOf branches [0, 1]");
    }

    @Test
    void anyOfNeedsOneBranchAndAllOfNeedsEvery() {
        assertEquals(List.of(), validate("Either", "\"0x1\""));
        assertEquals(List.of(), validate("Either", "\"" + HASH + "\""));
        List<Violation> none = validate("Either", "\"0x01\"");
        assertEquals("#/components/schemas/Either/anyOf", none.get(0).reference(), none::toString);
        assertEquals(List.of(), validate("Both", "{\"a\":1,\"b\":2}"));
        assertSingle(validate("Both", "{\"a\":1}"), "/result", "#/components/schemas/Both/allOf/1/required", "\"b\"");
    }

    @Test
    void notRefusesWhatItsSchemaAccepts() {
        assertEquals(List.of(), validate("Filter", "{\"fromBlock\":\"0x1\"}"));
        assertSingle(
                validate("Filter", "{\"blockHash\":\"" + HASH + "\"}"),
                "/result",
                "#/components/schemas/Filter/not",
                "must not match");
    }

    @Test
    void matchedPatternsComeOnlyFromBranchesThatPassed() throws JsonProcessingException {
        JsonSchemaValidator.Outcome outcome =
                validator.validate(JSON.readTree("\"0x1\""), registry.component("Either"), "/result");
        assertTrue(outcome.valid());
        assertEquals(Map.of("/result", List.of("^0x(0|[1-9a-f][0-9a-f]*)$")), outcome.matchedPatterns());
    }

    @Test
    void anUnknownKeywordIsRefusedLoudly() {
        UnsupportedKeywordException e =
                assertThrows(UnsupportedKeywordException.class, () -> validate("Unknown", "[1]"));
        assertEquals("minItems", e.keyword());
        assertTrue(e.getMessage().contains("#/components/schemas/Unknown/minItems"), e::getMessage);
    }

    @Test
    void unresolvableAndCyclicRefsAreRefused() {
        IllegalStateException dangling = assertThrows(IllegalStateException.class, () -> validate("Dangling", "1"));
        assertTrue(dangling.getMessage().contains("NoSuchSchema"), dangling::getMessage);
        IllegalStateException cycle = assertThrows(IllegalStateException.class, () -> validate("LoopA", "1"));
        assertTrue(cycle.getMessage().contains("$ref cycle"), cycle::getMessage);
        IllegalStateException form =
                assertThrows(IllegalStateException.class, () -> registry.target("other.yaml#/Block", "#/here"));
        assertTrue(form.getMessage().contains("unsupported $ref form"), form::getMessage);
    }
}
