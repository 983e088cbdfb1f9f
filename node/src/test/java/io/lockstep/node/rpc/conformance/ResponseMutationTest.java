package io.lockstep.node.rpc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The checker must catch a broken response: each recorded result of the required methods is mutated at randomly
 * chosen places (seeded; {@code -Dlockstep.seed=N} replays a run) and every mutation must be reported, at the
 * mutated path where the mutation names one. A dropped member is exempt where some recorded response has an
 * object with exactly the members left (a legacy transaction without {@code chainId}): that shape is legitimate.
 */
class ResponseMutationTest {

    private static final int PLACES_PER_FIXTURE = 3;

    /** One way of breaking a value, and the violation it must earn. */
    private enum Mutation {
        /** A quantity written with a leading zero: {@code 0x5208} becomes {@code 0x05208}. */
        LEADING_ZERO,
        /** Fixed-length data one byte short: an address of 19 bytes. */
        SHORT_DATA,
        /** A string replaced by a number. */
        WRONG_TYPE,
        /** A member dropped from an object. */
        DROPPED_MEMBER,
        /** A member the fixture does not have, added to an object. */
        EXTRA_MEMBER
    }

    /** A place in a recorded result: a string leaf or an object member. */
    private record Place(String path, JsonNode parent, String member, int index) {}

    @Test
    void everyMutationOfARecordedResultIsReported() {
        long seed = Long.getLong("lockstep.seed", System.nanoTime());
        System.out.println("ResponseMutationTest seed=" + seed + " (rerun with -Dlockstep.seed=" + seed + ")");
        List<String> missed = new ArrayList<>();
        int mutations = mutateAll(ExecutionApis.shared(), new Random(seed), missed);
        System.out.println("mutations of recorded results: " + mutations + ", unreported: " + missed.size());
        assertTrue(mutations > 100, "expected mutations of every required method's fixtures, made " + mutations);
        assertEquals(List.of(), missed, "seed=" + seed);
    }

    static int mutateAll(ExecutionApis apis, Random random, List<String> missed) {
        int count = 0;
        for (String method : MethodCoverageTest.REQUIRED) {
            for (Fixture fixture : apis.fixtures().of(method)) {
                JsonNode result = fixture.response().path("result");
                if (fixture.isError()
                        || result.isNull()
                        || FixtureSchemaTest.RESULT_EXCEPTIONS.containsKey(fixture.name())) {
                    continue;
                }
                Map<String, List<StringFormat>> formats = apis.formatsOf(fixture);
                List<Place> leaves = new ArrayList<>();
                List<Place> members = new ArrayList<>();
                collect(fixture.response(), "result", "/result", -1, leaves, members);
                for (int n = 0; n < PLACES_PER_FIXTURE; n++) {
                    count += mutateLeaf(apis, fixture, leaves, formats, random, missed);
                    count += mutateMember(apis, fixture, members, random, missed);
                }
            }
        }
        return count;
    }

    private static void collect(
            JsonNode parent, String member, String path, int index, List<Place> leaves, List<Place> members) {
        JsonNode value = index >= 0 ? parent.get(index) : parent.get(member);
        Place place = new Place(path, parent, member, index);
        if (value.isTextual()) {
            leaves.add(place);
        } else if (value.isObject()) {
            members.add(place);
            for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                collect(value, name, Pointer.append(path, name), -1, leaves, members);
            }
        } else if (value.isArray()) {
            for (int i = 0; i < value.size(); i++) {
                collect(value, null, Pointer.append(path, i), i, leaves, members);
            }
        }
    }

    private static int mutateLeaf(
            ExecutionApis apis,
            Fixture fixture,
            List<Place> leaves,
            Map<String, List<StringFormat>> formats,
            Random random,
            List<String> missed) {
        if (leaves.isEmpty()) {
            return 0;
        }
        Place leaf = leaves.get(random.nextInt(leaves.size()));
        String value = valueAt(leaf).asText();
        List<StringFormat> kinds = formats.getOrDefault(leaf.path(), List.of());
        int count = 0;
        if (kinds.stream().anyMatch(k -> k instanceof StringFormat.Quantity)) {
            count += expect(
                    apis,
                    fixture,
                    Mutation.LEADING_ZERO,
                    leaf,
                    TextNode.valueOf("0x0" + value.substring(2)),
                    v -> v.category() == Violation.Category.SHAPE && v.message().contains("leading zeros"),
                    missed);
        }
        if (kinds.stream().anyMatch(k -> k instanceof StringFormat.FixedData)) {
            count += expect(
                    apis,
                    fixture,
                    Mutation.SHORT_DATA,
                    leaf,
                    TextNode.valueOf(value.substring(0, value.length() - 2)),
                    v -> v.category() == Violation.Category.SHAPE && v.message().contains("-byte data like"),
                    missed);
        }
        count += expect(
                apis,
                fixture,
                Mutation.WRONG_TYPE,
                leaf,
                IntNode.valueOf(1),
                v -> v.category() == Violation.Category.SHAPE && v.message().contains("expected string"),
                missed);
        return count;
    }

    private static int mutateMember(
            ExecutionApis apis, Fixture fixture, List<Place> objects, Random random, List<String> missed) {
        if (objects.isEmpty()) {
            return 0;
        }
        Place object = objects.get(random.nextInt(objects.size()));
        int count = expect(
                apis,
                fixture,
                Mutation.EXTRA_MEMBER,
                object,
                null,
                v -> v.category() == Violation.Category.SHAPE && v.message().contains("extra member"),
                missed);
        JsonNode value = valueAt(object);
        List<String> names = new ArrayList<>();
        value.fieldNames().forEachRemaining(names::add);
        names.removeIf(name -> allowedMissing(apis, fixture.method(), Pointer.append(object.path(), name)));
        if (!names.isEmpty()) {
            String name = names.get(random.nextInt(names.size()));
            Set<String> remaining = memberNames(value);
            remaining.remove(name);
            // An object that has the remaining members and no other is recorded somewhere: legitimately optional.
            if (!recordedMemberSets(apis).contains(remaining)) {
                Place member = new Place(Pointer.append(object.path(), name), value, name, -1);
                count += expect(apis, fixture, Mutation.DROPPED_MEMBER, member, null, v -> true, missed);
            }
        }
        return count;
    }

    private static Set<Set<String>> recordedMemberSets;

    /** The member names of every object in every recorded response. */
    private static synchronized Set<Set<String>> recordedMemberSets(ExecutionApis apis) {
        if (recordedMemberSets == null) {
            Set<Set<String>> sets = new HashSet<>();
            Deque<JsonNode> pending = new ArrayDeque<>();
            apis.fixtures().all().forEach(f -> pending.push(f.response()));
            while (!pending.isEmpty()) {
                JsonNode node = pending.pop();
                if (node.isObject()) {
                    sets.add(memberNames(node));
                }
                node.forEach(pending::push);
            }
            recordedMemberSets = sets;
        }
        return recordedMemberSets;
    }

    private static Set<String> memberNames(JsonNode object) {
        Set<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static boolean allowedMissing(ExecutionApis apis, String method, String path) {
        return ChainDifferences.allowances().stream()
                .anyMatch(a -> a.direction() == FieldAllowance.Direction.MISSING && a.covers(method, path));
    }

    private static JsonNode valueAt(Place place) {
        return place.index() >= 0
                ? place.parent().get(place.index())
                : place.parent().get(place.member());
    }

    /**
     * Applies one mutation to a copy of the fixture's response and records it as missed unless a violation at the
     * mutated path (anywhere, for a dropped member, which may surface as a type or key mismatch one level up)
     * satisfies the expectation.
     */
    private static int expect(
            ExecutionApis apis,
            Fixture fixture,
            Mutation mutation,
            Place place,
            JsonNode replacement,
            Predicate<Violation> expected,
            List<String> missed) {
        JsonNode original = valueAt(place);
        JsonNode mutated =
                switch (mutation) {
                    case EXTRA_MEMBER -> ((ObjectNode) original.deepCopy()).put("lockstepExtra", "0x1");
                    case DROPPED_MEMBER -> null;
                    default -> replacement;
                };
        ObjectNode response = fixture.response().deepCopy();
        JsonNode parent = place.path().equals("/result") ? response : response.at(parentPath(place.path()));
        if (mutation == Mutation.DROPPED_MEMBER) {
            ((ObjectNode) parent).remove(place.member());
        } else if (place.index() >= 0) {
            ((ArrayNode) parent).set(place.index(), mutated);
        } else {
            ((ObjectNode) parent).set(place.member(), mutated);
        }
        CheckResult result = apis.evaluate(fixture.method(), fixture.request(), response);
        boolean reported = result.violations().stream()
                .anyMatch(v -> expected.test(v)
                        && (mutation == Mutation.DROPPED_MEMBER
                                || v.path().equals(place.path())
                                || (mutation == Mutation.EXTRA_MEMBER
                                        && v.path().equals(place.path() + "/lockstepExtra"))));
        if (!reported) {
            missed.add(fixture.name() + " " + mutation + " at " + place.path() + ":\n" + result.report());
        }
        return 1;
    }

    private static String parentPath(String path) {
        return path.substring(0, path.lastIndexOf('/'));
    }
}
