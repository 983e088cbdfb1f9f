package io.lockstep.node.rpc.conformance;

import java.util.Objects;

/**
 * A field the fixtures have and this chain's responses to a method may lack, or, more rarely, one this chain's
 * responses have where the only fixtures of their kind lack it, with the reason.
 *
 * @param field a member name, allowed missing at any depth of the result ({@code blobGasUsed}), or a JSON pointer
 *     into the response in which a segment {@code *} stands for any one segment ({@code /result/baseFeePerBlobGas})
 * @param reason why this chain does not have it (or has it), shown wherever the allowance is listed
 * @param direction whether the field may be missing from our responses or present in them beyond the fixture's
 */
record FieldAllowance(String method, String field, String reason, Direction direction) {

    /** Which way a response may differ from the fixture. */
    enum Direction {
        /** The fixture has the member and our response may lack it. */
        MISSING,
        /** Our response may have the member where the fixture does not. */
        EXTRA
    }

    FieldAllowance {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(direction, "direction");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an allowance for " + method + " " + field + " needs a reason");
        }
    }

    /** A field our responses may lack. */
    FieldAllowance(String method, String field, String reason) {
        this(method, field, reason, Direction.MISSING);
    }

    /** A field our responses may have beyond the fixture's. */
    static FieldAllowance extra(String method, String field, String reason) {
        return new FieldAllowance(method, field, reason, Direction.EXTRA);
    }

    /** Whether this allowance covers a member at a JSON pointer of a response to a method, missing or extra. */
    boolean covers(String method, String missingPath) {
        if (!this.method.equals(method)) {
            return false;
        }
        String[] actual = missingPath.split("/", -1);
        if (!field.startsWith("/")) {
            return actual[actual.length - 1].equals(field);
        }
        String[] pattern = field.split("/", -1);
        if (pattern.length != actual.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            if (!pattern[i].equals("*") && !pattern[i].equals(actual[i])) {
                return false;
            }
        }
        return true;
    }
}
