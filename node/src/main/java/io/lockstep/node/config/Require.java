package io.lockstep.node.config;

import java.util.Objects;

/** The checks the records make on construction, each naming the field it refuses. */
final class Require {

    private Require() {}

    static <T> T present(String field, T value) {
        if (value == null) {
            throw new ConfigException(field, "missing (required)");
        }
        return value;
    }

    static long between(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new ConfigException(field, "must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    static void atMost(String field, long value, String limitField, long limit) {
        if (value > limit) {
            throw new ConfigException(field, "must not exceed " + limitField + " (" + limit + "), was " + value);
        }
    }

    static String nonBlank(String field, String value) {
        if (Objects.requireNonNull(value, field).isBlank()) {
            throw new ConfigException(field, "must not be blank");
        }
        return value;
    }
}
