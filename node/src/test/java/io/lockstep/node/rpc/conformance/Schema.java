package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * A JSON Schema as written in the specification, not yet dereferenced, with where it was written.
 *
 * @param body the schema object (or a boolean schema)
 * @param location a JSON-pointer-style location in the assembled OpenRPC document, such as {@code
 *     #/components/schemas/Block/properties/hash} or {@code #/methods/eth_call/result/schema}
 */
record Schema(JsonNode body, String location) {

    Schema {
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(location, "location");
    }
}
