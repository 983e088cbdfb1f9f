package io.lockstep.node.rpc.conformance;

import java.util.Objects;

/**
 * One way a JSON-RPC response departs from the execution-apis specification or its fixtures.
 *
 * @param category which check found it
 * @param path JSON pointer into the response ({@code /result/transactions/0/hash}); empty for the whole response
 * @param reference where the rule comes from: a schema keyword location ({@code
 *     #/components/schemas/hash32/pattern}) or a fixture name ({@code eth_getBlockByNumber/get-genesis})
 * @param message what is wrong, with the offending value
 */
public record Violation(Category category, String path, String reference, String message) {

    /** The check that produced a violation. */
    public enum Category {
        /** The JSON-RPC 2.0 envelope: {@code jsonrpc}, {@code id}, exactly one of {@code result} and {@code error}. */
        ENVELOPE,
        /** The method's OpenRPC result schema, or an error's declared {@code data} schema. */
        SCHEMA,
        /** An error code the method does not declare, or one that differs from a fixture's for the same request shape. */
        ERROR_CODE,
        /** Structure compared with a recorded fixture response: types, keys, hex kinds. */
        SHAPE
    }

    public Violation {
        Objects.requireNonNull(category, "category");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
        return category + " at " + (path.isEmpty() ? "/" : path) + " [" + reference + "]: " + message;
    }
}
