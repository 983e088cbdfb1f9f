package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;

/**
 * A schema with its {@code $ref} followed. As the execution-apis build does, the referenced schema is the base
 * and the referencing object's other keywords override it one keyword at a time; each keyword remembers where it
 * was written, so that a violation names the location of the rule that failed.
 *
 * @param body the merged schema, without {@code $ref}
 * @param location where the base schema is written
 * @param overrideLocations for keywords taken from a referencing object, where that object is written
 */
record ResolvedSchema(JsonNode body, String location, Map<String, String> overrideLocations) {

    ResolvedSchema {
        overrideLocations = Map.copyOf(overrideLocations);
    }

    /** The location of one keyword of this schema. */
    String keywordLocation(String keyword) {
        return Pointer.append(overrideLocations.getOrDefault(keyword, location), keyword);
    }

    /** The subschema under a keyword, such as {@code not}. */
    Schema child(String keyword) {
        return new Schema(body.get(keyword), keywordLocation(keyword));
    }

    /** The subschema under a keyword's member, such as {@code properties/hash}. */
    Schema child(String keyword, String member) {
        return new Schema(body.get(keyword).get(member), Pointer.append(keywordLocation(keyword), member));
    }

    /** The subschema under a keyword's element, such as {@code oneOf/1}. */
    Schema child(String keyword, int index) {
        return new Schema(body.get(keyword).get(index), Pointer.append(keywordLocation(keyword), index));
    }

    /** The schema's title, or an empty string. */
    String title() {
        return body.path("title").asText("");
    }
}
