package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Compares a response with a fixture's recorded response by structure, not by value (the fixtures were recorded
 * on another chain):
 *
 * <ul>
 *   <li>the envelope has the same members ({@code result} or {@code error}, and {@code data} in an error);
 *   <li>an error has the same code;
 *   <li>a result has the same JSON type at each path (any number matches any number; below the top level a null
 *       on either side matches anything, since fields such as {@code to} and {@code contractAddress} are null in
 *       some responses and not in others, and the schema decides whether null is allowed);
 *   <li>objects have the same members: each one missing is reported unless a {@link FieldAllowance} covers it,
 *       and each extra one is reported unless an {@link FieldAllowance.Direction#EXTRA} allowance covers it (its
 *       values still count as unverified);
 *   <li>strings are of the same kind ({@link StringFormat}): a quantity where the fixture has a quantity, data
 *       of the fixture's byte length where the schema fixes the length;
 *   <li>arrays are compared element by element against the fixture's first element, or, where the fixture's
 *       elements differ in shape (a legacy and a dynamic-fee transaction), against the closest of its distinct
 *       element shapes, and of the {@link ElementShape}s borrowed for that array. An empty array on either side
 *       says nothing about elements.
 * </ul>
 *
 * <p>Besides violations, a comparison counts what the fixture could not verify (see {@link Outcome}), so that the
 * caller can pick, among several fixtures, the one that says most about our response.
 */
final class ShapeComparator {

    private final String method;
    private final List<FieldAllowance> allowances;
    private final Map<String, List<ElementShape>> borrowed;
    // Fixture arrays are compared with many of our elements and in many trials: their shapes are computed once.
    private final Map<JsonNode, List<Integer>> representatives = Collections.synchronizedMap(new IdentityHashMap<>());

    /**
     * An array element recorded by another method's fixture, offered as one more shape for the elements of an
     * array whose own fixtures show too few kinds: the hydrated blocks of the fixtures hold legacy transactions
     * only, while {@code eth_getTransactionByHash}'s fixtures hold every transaction type.
     *
     * @param path the element's JSON pointer in that fixture's response
     */
    record ElementShape(JsonNode element, String fixture, Map<String, List<StringFormat>> formats, String path) {}

    ShapeComparator(String method, List<FieldAllowance> allowances) {
        this(method, allowances, Map.of());
    }

    /**
     * @param borrowed element shapes from other fixtures, by the JSON pointer of the array in our response whose
     *     elements may take them ({@code /result/transactions})
     */
    ShapeComparator(String method, List<FieldAllowance> allowances, Map<String, List<ElementShape>> borrowed) {
        this.method = method;
        this.allowances =
                allowances.stream().filter(a -> a.method().equals(method)).toList();
        this.borrowed = Map.copyOf(borrowed);
    }

    /**
     * What comparing with one fixture found.
     *
     * @param kindMismatch the fixture is of another kind altogether: an error where we have a result, null where
     *     we have a block
     * @param unverified how many of our values (scalars, counted in whole subtrees) the fixture could say nothing
     *     about: the elements of a non-empty array where the fixture's is empty, a value where the fixture has null,
     *     an extra member's value. Without this count, the genesis block's empty transaction list would be the
     *     closest match for any list of transactions, right or wrong.
     */
    record Outcome(List<Violation> violations, boolean kindMismatch, int unverified) {

        Outcome {
            violations = List.copyOf(violations);
        }

        /** Differences and unverified values alike count against a comparison. */
        int distance() {
            return violations.size() + unverified;
        }

        /** Nothing differs and nothing was left unverified: no other fixture can do better. */
        boolean isPerfect() {
            return violations.isEmpty() && !kindMismatch && unverified == 0;
        }

        /** Orders outcomes from the most telling comparison to the least. */
        static final Comparator<Outcome> RELEVANCE = Comparator.comparing(Outcome::kindMismatch)
                .thenComparingInt(Outcome::distance)
                .thenComparingInt(Outcome::unverified);
    }

    /**
     * Compares our response with a fixture's.
     *
     * @param formats the string kinds at the fixture's JSON pointers, from the schema patterns its strings matched;
     *     where none is given, the kind is guessed from the fixture's string
     */
    Outcome compare(Fixture fixture, Map<String, List<StringFormat>> formats, JsonNode ours) {
        Comparison comparison = new Comparison(fixture.name(), formats);
        JsonNode expected = fixture.response();
        if (!ours.isObject()) {
            comparison.fail("", "expected a JSON object like the fixture, got " + JsonValues.typeOf(ours));
            return comparison.outcome(true);
        }
        if (expected.has("result") != ours.has("result") || expected.has("error") != ours.has("error")) {
            comparison.fail(
                    "",
                    "the fixture has " + (expected.has("error") ? "an error" : "a result")
                            + ", we returned "
                            + (ours.has("error")
                                    ? "an error " + JsonValues.show(ours.get("error"))
                                    : ours.has("result") ? "a result" : "neither"));
            return comparison.outcome(true);
        }
        if (expected.has("error")) {
            compareError(expected.get("error"), ours.get("error"), comparison);
            return comparison.outcome(false);
        }
        JsonNode expectedResult = expected.get("result");
        JsonNode ourResult = ours.get("result");
        comparison.value(expectedResult, ourResult, "/result", "/result");
        return comparison.outcome(!JsonValues.typeOf(expectedResult).equals(JsonValues.typeOf(ourResult)));
    }

    private static void compareError(JsonNode expected, JsonNode ours, Comparison comparison) {
        if (!ours.isObject()) {
            comparison.fail("/error", "expected an error object, got " + JsonValues.show(ours));
            return;
        }
        JsonNode expectedCode = expected.path("code");
        JsonNode ourCode = ours.path("code");
        if (!JsonValues.equal(expectedCode, ourCode)) {
            comparison.violations.add(new Violation(
                    Violation.Category.ERROR_CODE,
                    "/error/code",
                    comparison.fixture,
                    "expected error code " + expectedCode + " as the fixture, for a request of the same shape, got "
                            + ourCode + " (" + JsonValues.show(ours.path("message")) + ")"));
        }
        comparison.members(expected, ours, "/error", "/error", false);
        if (expected.has("data") && ours.has("data")) {
            comparison.value(expected.get("data"), ours.get("data"), "/error/data", "/error/data");
        }
    }

    /** One comparison's state: the fixture it is against and the violations found so far. */
    private final class Comparison {
        final String fixture;
        final Map<String, List<StringFormat>> formats;
        final List<Violation> violations = new ArrayList<>();
        int unverified;

        Comparison(String fixture, Map<String, List<StringFormat>> formats) {
            this.fixture = fixture;
            this.formats = formats;
        }

        Outcome outcome(boolean kindMismatch) {
            return new Outcome(violations, kindMismatch, unverified);
        }

        /** Takes over the findings of the trial that won an element's comparison. */
        void absorb(Comparison trial) {
            violations.addAll(trial.violations);
            unverified += trial.unverified;
        }

        void fail(String path, String message) {
            violations.add(new Violation(Violation.Category.SHAPE, path, fixture, message));
        }

        /**
         * Compares a value.
         *
         * @param path the value's pointer in our response
         * @param expectedPath the pointer of the value it is compared with in the fixture's response
         */
        void value(JsonNode expected, JsonNode ours, String path, String expectedPath) {
            boolean topLevel = path.equals("/result");
            if ((expected.isNull() || ours.isNull()) && (!topLevel || expected.isNull() == ours.isNull())) {
                if (expected.isNull() && !ours.isNull()) {
                    unverified += scalars(ours);
                }
                return;
            }
            String expectedType = JsonValues.typeOf(expected);
            String ourType = JsonValues.typeOf(ours);
            if (!expectedType.equals(ourType)) {
                fail(
                        path,
                        "expected " + expectedType + " like the fixture's " + JsonValues.show(expected) + ", got "
                                + ourType + " " + JsonValues.show(ours));
                return;
            }
            switch (expectedType) {
                case "object" -> {
                    members(expected, ours, path, expectedPath, true);
                    for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                        String name = names.next();
                        if (ours.has(name)) {
                            value(
                                    expected.get(name),
                                    ours.get(name),
                                    Pointer.append(path, name),
                                    Pointer.append(expectedPath, name));
                        }
                    }
                }
                case "array" -> elements(expected, ours, path, expectedPath);
                case "string" -> string(expected.asText(), ours.asText(), path, expectedPath);
                default -> {
                    // Numbers and booleans: the type is the whole shape.
                }
            }
        }

        void members(JsonNode expected, JsonNode ours, String path, String expectedPath, boolean allowable) {
            for (Iterator<String> names = expected.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String memberPath = Pointer.append(path, name);
                if (!ours.has(name) && !(allowable && allowed(memberPath, FieldAllowance.Direction.MISSING))) {
                    fail(
                            memberPath,
                            "missing member \"" + name + "\" (the fixture has " + JsonValues.show(expected.get(name))
                                    + ")");
                }
            }
            for (Iterator<String> names = ours.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!expected.has(name)) {
                    String memberPath = Pointer.append(path, name);
                    if (!(allowable && allowed(memberPath, FieldAllowance.Direction.EXTRA))) {
                        fail(
                                memberPath,
                                "extra member \"" + name + "\" that the fixture does not have: "
                                        + JsonValues.show(ours.get(name)));
                    }
                    unverified += scalars(ours.get(name));
                }
            }
        }

        private boolean allowed(String memberPath, FieldAllowance.Direction direction) {
            return allowances.stream().anyMatch(a -> a.direction() == direction && a.covers(method, memberPath));
        }

        void elements(JsonNode expected, JsonNode ours, String path, String expectedPath) {
            if (ours.isEmpty()) {
                return;
            }
            if (expected.isEmpty()) {
                unverified += scalars(ours);
                return;
            }
            List<Integer> shapes = distinctShapes(expected);
            List<ElementShape> others = expected.get(0).isObject() ? borrowed.getOrDefault(path, List.of()) : List.of();
            for (int i = 0; i < ours.size(); i++) {
                String elementPath = Pointer.append(path, i);
                Comparison best = null;
                for (int index : shapes) {
                    Comparison trial = new Comparison(fixture, formats);
                    trial.value(expected.get(index), ours.get(i), elementPath, Pointer.append(expectedPath, index));
                    best = closer(best, trial);
                }
                for (ElementShape other : others) {
                    if (best.violations.isEmpty() && best.unverified == 0) {
                        break;
                    }
                    Comparison trial = new Comparison(other.fixture(), other.formats());
                    trial.value(other.element(), ours.get(i), elementPath, other.path());
                    best = closer(best, trial);
                }
                absorb(best);
            }
        }

        void string(String expected, String ours, String path, String expectedPath) {
            List<StringFormat> kinds = formats.getOrDefault(expectedPath, List.of());
            if (kinds.isEmpty()) {
                kinds = List.of(StringFormat.guess(expected));
            }
            if (kinds.stream().anyMatch(kind -> kind.accepts(ours))) {
                return;
            }
            boolean quantityExpected = kinds.stream().anyMatch(kind -> kind instanceof StringFormat.Quantity);
            String what = quantityExpected && StringFormat.hasLeadingZeros(ours)
                    ? "a quantity with leading zeros"
                    : StringFormat.whatIs(ours);
            List<String> described =
                    kinds.stream().map(StringFormat::describe).distinct().toList();
            fail(
                    path,
                    "expected " + String.join(" or ", described) + " like the fixture's " + JsonValues.show(expected)
                            + ", got " + what + " " + JsonValues.show(ours));
        }
    }

    /** The element comparison that is closer as {@link Outcome#RELEVANCE} has it; the earlier one on a tie. */
    private static Comparison closer(Comparison best, Comparison candidate) {
        return best == null || Outcome.RELEVANCE.compare(candidate.outcome(false), best.outcome(false)) < 0
                ? candidate
                : best;
    }

    /** How many scalars a value holds; an empty container counts as one. */
    private static int scalars(JsonNode value) {
        if (!value.isContainerNode() || value.isEmpty()) {
            return 1;
        }
        int count = 0;
        for (JsonNode child : value) {
            count += scalars(child);
        }
        return count;
    }

    /**
     * The index of the first element of each distinct shape, in order: usually just the first element. The shape
     * is deep (member names at every level), so that a trace whose steps sometimes carry {@code storage} is not
     * compared only with a trace whose steps never do.
     */
    private List<Integer> distinctShapes(JsonNode array) {
        return representatives.computeIfAbsent(array, a -> {
            Map<String, Integer> first = new LinkedHashMap<>();
            for (int i = 0; i < a.size(); i++) {
                first.putIfAbsent(signature(a.get(i)), i);
            }
            return List.copyOf(first.values());
        });
    }

    private static String signature(JsonNode value) {
        if (value.isObject()) {
            TreeSet<String> names = new TreeSet<>();
            value.fieldNames().forEachRemaining(names::add);
            StringBuilder shape = new StringBuilder("{");
            names.forEach(name -> shape.append(name)
                    .append(':')
                    .append(signature(value.get(name)))
                    .append(','));
            return shape.append('}').toString();
        }
        if (value.isArray()) {
            TreeSet<String> elements = new TreeSet<>();
            value.forEach(element -> elements.add(signature(element)));
            return "[" + String.join("|", elements) + "]";
        }
        return JsonValues.typeOf(value);
    }
}
