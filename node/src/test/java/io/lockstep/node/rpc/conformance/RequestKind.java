package io.lockstep.node.rpc.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.TreeSet;

/**
 * Which fixtures a response is compared with. A result is compared with the method's result fixtures whose
 * request has the same {@link #ofResult kind}: the few request features that change a result's shape. An error is
 * compared with the method's error fixtures whose request has the same {@link #shapeOf shape}, since which error
 * a request earns depends on its form (a key that is not hex, a reversed block range).
 */
final class RequestKind {

    private RequestKind() {}

    /** The request features that change the shape of a method's result; {@code any} for most methods. */
    static String ofResult(String method, JsonNode params) {
        return switch (method) {
                // true: full transaction objects; false: transaction hashes.
            case "eth_getBlockByNumber", "eth_getBlockByHash" -> "hydrated="
                    + params.path(1).asBoolean(false);
                // Without reward percentiles the result has no "reward" member.
            case "eth_feeHistory" -> "rewardPercentiles=" + !params.path(2).isEmpty();
            default -> "any";
        };
    }

    /**
     * The shape of a request's parameters: positions, member names and JSON types, with hex strings told apart by
     * size (up to 8 bytes, 20, 32, other) and non-hex strings (tags, malformed hex) as text.
     */
    static String shapeOf(JsonNode params) {
        StringBuilder shape = new StringBuilder("(");
        for (int i = 0; i < params.size(); i++) {
            shape.append(i == 0 ? "" : ",").append(shapeOfValue(params.get(i)));
        }
        return shape.append(')').toString();
    }

    private static String shapeOfValue(JsonNode value) {
        if (value.isObject()) {
            StringBuilder shape = new StringBuilder("{");
            memberNames(value).forEach(name -> shape.append(name)
                    .append(':')
                    .append(shapeOfValue(value.get(name)))
                    .append(';'));
            return shape.append('}').toString();
        }
        if (value.isArray()) {
            TreeSet<String> elements = new TreeSet<>();
            value.forEach(element -> elements.add(shapeOfValue(element)));
            return "[" + String.join("|", elements) + "]";
        }
        if (value.isTextual()) {
            return hexSize(value.asText());
        }
        return JsonValues.typeOf(value);
    }

    private static String hexSize(String text) {
        if (!StringFormat.MIXED_CASE_HEX.matcher(text).matches()) {
            return "text";
        }
        int digits = text.length() - 2;
        if (digits <= 16) {
            return "hex<=8B";
        }
        return digits == 40 ? "hex20B" : digits == 64 ? "hex32B" : "hex-long";
    }

    private static TreeSet<String> memberNames(JsonNode object) {
        TreeSet<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
