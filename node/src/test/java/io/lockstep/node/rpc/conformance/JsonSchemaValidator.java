package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Validates JSON values against the specification's schemas, implementing exactly the keywords in {@link
 * SchemaKeywords}. Each violation gives the JSON pointer of the value and the location of the keyword that failed.
 *
 * <p>Besides violations, an evaluation returns the {@code pattern}s each string matched in the branches that
 * passed (JSON Schema's annotation rule): they tell the shape comparison whether a fixture's {@code "0x5208"} is a
 * quantity or two bytes of data.
 */
final class JsonSchemaValidator {

    private static final Set<String> TYPE_NAMES =
            Set.of("null", "boolean", "object", "array", "number", "integer", "string");

    private final SchemaRegistry registry;
    private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();

    JsonSchemaValidator(SchemaRegistry registry) {
        this.registry = registry;
    }

    /** The outcome of validating one value. */
    record Outcome(List<Violation> violations, Map<String, List<String>> matchedPatterns) {

        Outcome {
            violations = List.copyOf(violations);
            matchedPatterns = matchedPatterns.entrySet().stream()
                    .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        }

        boolean valid() {
            return violations.isEmpty();
        }
    }

    /**
     * Validates a value.
     *
     * @param path the value's JSON pointer in the enclosing document, the prefix of every violation's path
     */
    Outcome validate(JsonNode value, Schema schema, String path) {
        Evaluation evaluation = new Evaluation();
        evaluate(value, schema, path, evaluation);
        return new Outcome(evaluation.violations, evaluation.patterns);
    }

    /** Violations and string annotations collected while evaluating one schema, or one branch of one. */
    private static final class Evaluation {
        final List<Violation> violations = new ArrayList<>();
        final Map<String, List<String>> patterns = new LinkedHashMap<>();
        // Violations of single keywords, without the summaries that introduce a failed branch's details.
        int keywordFailures;

        void fail(String path, String reference, String message) {
            violations.add(new Violation(Violation.Category.SCHEMA, path, reference, message));
            keywordFailures++;
        }

        void summarize(String path, String reference, String message, Evaluation branch) {
            violations.add(new Violation(Violation.Category.SCHEMA, path, reference, message));
            violations.addAll(branch.violations);
            keywordFailures += branch.keywordFailures;
        }

        boolean passed() {
            return violations.isEmpty();
        }

        void annotate(String path, String pattern) {
            List<String> at = patterns.computeIfAbsent(path, p -> new ArrayList<>());
            if (!at.contains(pattern)) {
                at.add(pattern);
            }
        }

        void absorbAnnotations(Evaluation branch) {
            branch.patterns.forEach((path, list) -> list.forEach(pattern -> annotate(path, pattern)));
        }
    }

    private void evaluate(JsonNode value, Schema schema, String path, Evaluation out) {
        ResolvedSchema s = registry.resolve(schema);
        JsonNode body = s.body();
        if (body.isBoolean()) {
            if (!body.asBoolean()) {
                out.fail(path, s.location(), "no value is allowed here (false schema), got " + JsonValues.show(value));
            }
            return;
        }
        if (!body.isObject()) {
            throw new IllegalStateException("schema at " + s.location() + " is neither an object nor a boolean");
        }
        SchemaKeywords.requireSupported(s);
        if (body.has("type") && !typeMatches(value, body.get("type"), s)) {
            out.fail(
                    path,
                    s.keywordLocation("type"),
                    "expected type " + body.get("type") + ", got " + JsonValues.typeOf(value) + " "
                            + JsonValues.show(value));
            // The other keywords would only restate the mismatch.
            return;
        }
        checkEnumAndConst(value, s, path, out);
        if (value.isTextual() && body.has("pattern")) {
            checkPattern(value.asText(), s, path, out);
        }
        if (value.isNumber()) {
            checkBounds(value, s, path, out);
        }
        if (value.isObject()) {
            checkObject(value, s, path, out);
        }
        if (value.isArray() && body.has("items")) {
            checkItems(value, s, path, out);
        }
        if (body.has("allOf")) {
            for (int i = 0; i < body.get("allOf").size(); i++) {
                evaluate(value, s.child("allOf", i), path, out);
            }
        }
        if (body.has("anyOf")) {
            checkAnyOf(value, s, path, out);
        }
        if (body.has("oneOf")) {
            checkOneOf(value, s, path, out);
        }
        if (body.has("not")) {
            Evaluation inner = new Evaluation();
            evaluate(value, s.child("not"), path, inner);
            if (inner.passed()) {
                out.fail(path, s.keywordLocation("not"), "must not match the schema under \"not\"");
            }
        }
    }

    private boolean typeMatches(JsonNode value, JsonNode type, ResolvedSchema s) {
        if (type.isTextual()) {
            return isOfType(value, type.asText(), s);
        }
        if (type.isArray()) {
            for (JsonNode name : type) {
                if (isOfType(value, name.asText(), s)) {
                    return true;
                }
            }
            return false;
        }
        throw new IllegalStateException("\"type\" at " + s.keywordLocation("type") + " is neither a name nor a list");
    }

    private static boolean isOfType(JsonNode value, String name, ResolvedSchema s) {
        if (!TYPE_NAMES.contains(name)) {
            throw new IllegalStateException("unknown type name \"" + name + "\" at " + s.keywordLocation("type"));
        }
        return name.equals("integer")
                ? JsonValues.isInteger(value)
                : JsonValues.typeOf(value).equals(name);
    }

    private static void checkEnumAndConst(JsonNode value, ResolvedSchema s, String path, Evaluation out) {
        JsonNode allowed = s.body().get("enum");
        if (allowed != null) {
            boolean found = false;
            for (JsonNode candidate : allowed) {
                found |= JsonValues.equal(candidate, value);
            }
            if (!found) {
                out.fail(path, s.keywordLocation("enum"), JsonValues.show(value) + " is not one of " + allowed);
            }
        }
        JsonNode constant = s.body().get("const");
        if (constant != null && !JsonValues.equal(constant, value)) {
            out.fail(
                    path,
                    s.keywordLocation("const"),
                    "expected the constant " + constant + ", got " + JsonValues.show(value));
        }
    }

    private void checkPattern(String text, ResolvedSchema s, String path, Evaluation out) {
        String regex = s.body().get("pattern").asText();
        // JSON Schema patterns are unanchored searches; the specification anchors its own with ^ and $.
        if (compiled.computeIfAbsent(regex, Pattern::compile).matcher(text).find()) {
            out.annotate(path, regex);
        } else {
            out.fail(path, s.keywordLocation("pattern"), JsonValues.show(text) + " does not match " + regex);
        }
    }

    private static void checkBounds(JsonNode value, ResolvedSchema s, String path, Evaluation out) {
        JsonNode minimum = s.body().get("minimum");
        if (minimum != null && value.decimalValue().compareTo(minimum.decimalValue()) < 0) {
            out.fail(path, s.keywordLocation("minimum"), value + " is less than the minimum " + minimum);
        }
        JsonNode maximum = s.body().get("maximum");
        if (maximum != null && value.decimalValue().compareTo(maximum.decimalValue()) > 0) {
            out.fail(path, s.keywordLocation("maximum"), value + " is greater than the maximum " + maximum);
        }
    }

    private void checkObject(JsonNode value, ResolvedSchema s, String path, Evaluation out) {
        JsonNode body = s.body();
        JsonNode required = body.get("required");
        if (required != null) {
            for (JsonNode name : required) {
                if (!value.has(name.asText())) {
                    out.fail(
                            path, s.keywordLocation("required"), "missing required property \"" + name.asText() + "\"");
                }
            }
        }
        JsonNode properties = body.path("properties");
        JsonNode patternProperties = body.path("patternProperties");
        JsonNode additional = body.get("additionalProperties");
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String name = member.getKey();
            String memberPath = Pointer.append(path, name);
            boolean declared = properties.has(name);
            if (declared) {
                evaluate(member.getValue(), s.child("properties", name), memberPath, out);
            }
            for (Iterator<String> regexes = patternProperties.fieldNames(); regexes.hasNext(); ) {
                String regex = regexes.next();
                if (compiled.computeIfAbsent(regex, Pattern::compile)
                        .matcher(name)
                        .find()) {
                    declared = true;
                    evaluate(member.getValue(), s.child("patternProperties", regex), memberPath, out);
                }
            }
            if (!declared && additional != null) {
                checkAdditional(member.getValue(), additional, s, memberPath, out);
            }
        }
    }

    private void checkAdditional(JsonNode value, JsonNode additional, ResolvedSchema s, String path, Evaluation out) {
        if (additional.isBoolean()) {
            if (!additional.asBoolean()) {
                out.fail(
                        path,
                        s.keywordLocation("additionalProperties"),
                        "property not allowed: the schema lists its properties and forbids others");
            }
        } else {
            evaluate(value, s.child("additionalProperties"), path, out);
        }
    }

    private void checkItems(JsonNode value, ResolvedSchema s, String path, Evaluation out) {
        if (s.body().get("items").isArray()) {
            // Tuple form: not used by the specification, so refused rather than half-implemented.
            throw new IllegalStateException("tuple \"items\" at " + s.keywordLocation("items") + " is not implemented");
        }
        for (int i = 0; i < value.size(); i++) {
            evaluate(value.get(i), s.child("items"), Pointer.append(path, i), out);
        }
    }

    private void checkAnyOf(JsonNode value, ResolvedSchema s, String path, Evaluation out) {
        List<Evaluation> branches = branches(value, s, "anyOf", path);
        boolean any = false;
        for (Evaluation branch : branches) {
            if (branch.passed()) {
                any = true;
                out.absorbAnnotations(branch);
            }
        }
        if (!any) {
            reportNoBranch(s, "anyOf", path, branches, out);
        }
    }

    private void checkOneOf(JsonNode value, ResolvedSchema s, String path, Evaluation out) {
        List<Evaluation> branches = branches(value, s, "oneOf", path);
        List<Integer> passing = IntStream.range(0, branches.size())
                .filter(i -> branches.get(i).passed())
                .boxed()
                .toList();
        if (passing.size() == 1) {
            out.absorbAnnotations(branches.get(passing.get(0)));
        } else if (passing.isEmpty()) {
            reportNoBranch(s, "oneOf", path, branches, out);
        } else {
            out.fail(
                    path,
                    s.keywordLocation("oneOf"),
                    "matches " + passing.size() + " oneOf branches " + passing + " (" + titles(s, "oneOf", passing)
                            + "); exactly one must match");
        }
    }

    private List<Evaluation> branches(JsonNode value, ResolvedSchema s, String keyword, String path) {
        List<Evaluation> branches = new ArrayList<>();
        for (int i = 0; i < s.body().get(keyword).size(); i++) {
            Evaluation branch = new Evaluation();
            evaluate(value, s.child(keyword, i), path, branch);
            branches.add(branch);
        }
        return branches;
    }

    /**
     * Reports that no branch matched, followed by the violations of the closest branch: the one whose type fits,
     * then the one with fewest failed keywords, then the first. "Not a Block because its hash is short" says more than "not null".
     */
    private void reportNoBranch(
            ResolvedSchema s, String keyword, String path, List<Evaluation> branches, Evaluation out) {
        Comparator<Integer> closeness = Comparator.<Integer>comparingInt(
                        i -> typeMismatchAt(branches.get(i), path) ? 1 : 0)
                .thenComparingInt(i -> branches.get(i).keywordFailures);
        int closest = IntStream.range(0, branches.size())
                .boxed()
                .min(closeness)
                .orElseThrow(() ->
                        new IllegalStateException(keyword + " at " + s.keywordLocation(keyword) + " has no branches"));
        out.summarize(
                path,
                s.keywordLocation(keyword),
                "matches none of the " + branches.size() + " " + keyword + " branches; the closest, branch " + closest
                        + " (" + titles(s, keyword, List.of(closest)) + "), fails as follows",
                branches.get(closest));
    }

    private static boolean typeMismatchAt(Evaluation branch, String path) {
        return branch.violations.stream()
                .anyMatch(v -> v.path().equals(path) && v.reference().endsWith("/type"));
    }

    private String titles(ResolvedSchema s, String keyword, List<Integer> indices) {
        List<String> titles = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i : indices) {
            String title = registry.resolve(s.child(keyword, i)).title();
            String shown = title.isEmpty() ? "untitled" : title;
            if (seen.add(shown)) {
                titles.add(shown);
            }
        }
        return String.join(", ", titles);
    }
}
