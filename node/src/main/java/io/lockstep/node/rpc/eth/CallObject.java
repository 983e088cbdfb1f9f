package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Address;
import io.lockstep.node.execution.CallRequest;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;

/**
 * The transaction object of {@code eth_call} and {@code eth_estimateGas}: {@code from} (default the zero
 * address), {@code to} (absent: a deploy), {@code gas} (default and cap: the block gas limit), {@code
 * value}, and {@code input} or {@code data} (equal if both are given). Fee fields are accepted and
 * ignored: a simulated call pays nothing.
 */
final class CallObject {

    private static final Set<String> FIELDS = Set.of(
            "from",
            "to",
            "gas",
            "gasPrice",
            "maxFeePerGas",
            "maxPriorityFeePerGas",
            "value",
            "input",
            "data",
            "nonce",
            "type",
            "chainId",
            "accessList");

    private CallObject() {}

    static CallRequest parse(ObjectNode object, long gasCap) {
        var names = object.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw RpcException.invalidParams("unknown field '" + name + "' in the transaction object");
            }
        }
        Address from = address(object, "from").orElse(Address.ZERO);
        Optional<Address> to = address(object, "to");
        long gas = gasCap;
        if (has(object, "gas")) {
            BigInteger requested = quantity(object, "gas");
            gas = requested.compareTo(BigInteger.valueOf(gasCap)) > 0 ? gasCap : requested.longValueExact();
        }
        BigInteger value = has(object, "value") ? quantity(object, "value") : BigInteger.ZERO;
        byte[] input = data(object, "input");
        byte[] data = data(object, "data");
        if (input != null && data != null && !Arrays.equals(input, data)) {
            throw RpcException.invalidParams("both 'input' and 'data' are set and differ");
        }
        byte[] calldata = input != null ? input : data != null ? data : new byte[0];
        return new CallRequest(from, to, value, calldata, gas);
    }

    private static boolean has(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        return node != null && !node.isNull();
    }

    private static Optional<Address> address(ObjectNode object, String field) {
        if (!has(object, field)) {
            return Optional.empty();
        }
        byte[] bytes = data(object, field);
        if (bytes.length != Address.LENGTH) {
            throw RpcException.invalidParams("'" + field + "' must be a 20-byte address");
        }
        return Optional.of(Address.of(bytes));
    }

    private static BigInteger quantity(ObjectNode object, String field) {
        JsonNode node = object.get(field);
        if (!node.isTextual()) {
            throw RpcException.invalidParams("'" + field + "' must be a hex quantity");
        }
        try {
            return Hex.parseQuantity(node.asText());
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams("'" + field + "': " + e.getMessage());
        }
    }

    private static byte[] data(ObjectNode object, String field) {
        if (!has(object, field)) {
            return null;
        }
        JsonNode node = object.get(field);
        if (!node.isTextual()) {
            throw RpcException.invalidParams("'" + field + "' must be hex data");
        }
        try {
            return Hex.parseData(node.asText());
        } catch (IllegalArgumentException e) {
            throw RpcException.invalidParams("'" + field + "': " + e.getMessage());
        }
    }
}
