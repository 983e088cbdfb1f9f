package io.lockstep.node.rpc.conformance;

import java.util.Objects;

/**
 * A field the fixtures have and this chain's responses to a method may lack, with the reason.
 *
 * @param field a member name, allowed missing at any depth of the result ({@code blobGasUsed}), or a JSON pointer
 *     into the response in which a segment {@code *} stands for any one segment ({@code /result/baseFeePerBlobGas})
 * @param reason why this chain does not have it, shown wherever the allowance is listed
 */
record FieldAllowance(String method, String field, String reason) {

    FieldAllowance {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(field, "field");
        if (reason == null || reason.isBlank()) {
            throw new IllegalArgumentException("an allowance for " + method + " " + field + " needs a reason");
        }
    }

    /** Whether this allowance covers a member missing at a JSON pointer of a response to a method. */
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
