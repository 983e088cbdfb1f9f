package io.lockstep.node.rpc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;

/**
 * The positional params of one request, read through typed accessors. Every accessor answers a value in
 * its wire format or throws {@link RpcException} with -32602 and a message naming the param and the
 * problem. A param that is absent or JSON null is missing; the {@code ...Or} variants return a default
 * for a missing param and reject a malformed one.
 */
public final class RpcParams {

    private static final int MAX_ECHO = 48;

    private final ArrayNode params;
    private final RpcConnection connection;

    public RpcParams(ArrayNode params, RpcConnection connection) {
        this.params = params == null ? JsonNodeFactory.instance.arrayNode() : params;
        this.connection = connection;
    }

    /** Params for a direct call, e.g. from a test: each value is converted as Jackson would. */
    public static RpcParams of(Object... values) {
        ArrayNode array = RpcJson.MAPPER.valueToTree(values);
        return new RpcParams(array, RpcConnection.WITHOUT_SUBSCRIPTIONS);
    }

    public int size() {
        return params.size();
    }

    public RpcConnection connection() {
        return connection;
    }

    /** Requires exactly {@code count} params. */
    public void requireCount(int count) {
        requireCount(count, count);
    }

    /** Requires between {@code min} and {@code max} params, inclusive. */
    public void requireCount(int min, int max) {
        int size = params.size();
        if (size < min || size > max) {
            String expected = min == max ? Integer.toString(min) : min + " to " + max;
            throw RpcException.invalidParams(
                    "expected " + expected + " param" + (max == 1 ? "" : "s") + ", got " + size);
        }
    }

    /** True if param {@code index} is present and not null. */
    public boolean has(int index) {
        return index < params.size() && !params.get(index).isNull();
    }

    /** A quantity in 0..2^256-1. */
    public BigInteger quantity(int index) {
        String text = text(index, "a quantity (0x-prefixed hex without leading zeros)");
        try {
            return Hex.parseQuantity(text);
        } catch (IllegalArgumentException e) {
            throw bad(index, "a quantity (0x-prefixed hex without leading zeros)", e.getMessage());
        }
    }

    /** A quantity that fits a signed long: block numbers, nonces, gas. */
    public long quantityAsLong(int index) {
        BigInteger value = quantity(index);
        if (value.bitLength() > 63) {
            throw bad(index, "a quantity of at most 0x7fffffffffffffff", "too large");
        }
        return value.longValue();
    }

    /** Data: whole bytes of 0x-prefixed hex. */
    public byte[] data(int index) {
        return bytes(index, "hex data (0x-prefixed, two digits per byte)", -1);
    }

    /** A 20-byte address. Mixed-case checksums are not verified. */
    public byte[] address(int index) {
        return bytes(index, "an address (20 bytes of 0x-prefixed hex)", 20);
    }

    /** A 32-byte hash. */
    public byte[] hash(int index) {
        return bytes(index, "a hash (32 bytes of 0x-prefixed hex)", 32);
    }

    public boolean bool(int index) {
        JsonNode value = required(index, "a boolean");
        if (!value.isBoolean()) {
            throw wrongType(index, "a boolean", value);
        }
        return value.booleanValue();
    }

    public String string(int index) {
        return text(index, "a string");
    }

    public BlockTag blockTag(int index) {
        String what = "a block number or tag (latest, earliest, pending, safe, finalized)";
        String text = text(index, what);
        try {
            return BlockTag.parse(text);
        } catch (IllegalArgumentException e) {
            throw bad(index, what, e.getMessage());
        }
    }

    public ObjectNode object(int index) {
        JsonNode value = required(index, "an object");
        if (!value.isObject()) {
            throw wrongType(index, "an object", value);
        }
        return (ObjectNode) value;
    }

    /** The param as JSON, for shapes the accessors do not cover; still required. */
    public JsonNode raw(int index) {
        return required(index, "a value");
    }

    public BigInteger quantityOr(int index, BigInteger otherwise) {
        return has(index) ? quantity(index) : otherwise;
    }

    public long quantityAsLongOr(int index, long otherwise) {
        return has(index) ? quantityAsLong(index) : otherwise;
    }

    public byte[] dataOr(int index, byte[] otherwise) {
        return has(index) ? data(index) : otherwise;
    }

    public boolean boolOr(int index, boolean otherwise) {
        return has(index) ? bool(index) : otherwise;
    }

    public String stringOr(int index, String otherwise) {
        return has(index) ? string(index) : otherwise;
    }

    public BlockTag blockTagOr(int index, BlockTag otherwise) {
        return has(index) ? blockTag(index) : otherwise;
    }

    public ObjectNode objectOr(int index, ObjectNode otherwise) {
        return has(index) ? object(index) : otherwise;
    }

    private byte[] bytes(int index, String what, int length) {
        String text = text(index, what);
        byte[] bytes;
        try {
            bytes = Hex.parseData(text);
        } catch (IllegalArgumentException e) {
            throw bad(index, what, e.getMessage());
        }
        if (length >= 0 && bytes.length != length) {
            throw bad(index, what, "got " + bytes.length + " bytes");
        }
        return bytes;
    }

    private String text(int index, String what) {
        JsonNode value = required(index, what);
        if (!value.isTextual()) {
            throw wrongType(index, what, value);
        }
        return value.textValue();
    }

    private JsonNode required(int index, String what) {
        if (!has(index)) {
            throw RpcException.invalidParams("missing param " + index + ": expected " + what);
        }
        return params.get(index);
    }

    private static RpcException wrongType(int index, String what, JsonNode value) {
        return RpcException.invalidParams("param " + index + ": expected " + what + ", got " + echo(value));
    }

    private RpcException bad(int index, String what, String reason) {
        return RpcException.invalidParams(
                "param " + index + ": expected " + what + ", got " + echo(params.get(index)) + " (" + reason + ")");
    }

    /** The offending value as JSON, shortened: enough to recognise, never the whole of a huge param. */
    static String echo(JsonNode value) {
        String json = value.toString();
        return json.length() <= MAX_ECHO ? json : json.substring(0, MAX_ECHO) + "...";
    }
}
