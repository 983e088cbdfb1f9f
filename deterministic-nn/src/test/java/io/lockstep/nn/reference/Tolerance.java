package io.lockstep.nn.reference;

/**
 * How far an output of the engine may be from ONNX Runtime's. Floats: {@code |a - b| <= relative * |b| +
 * absolute} (NaN only against NaN, infinities equal). Integers: {@code |a - b| <= integerSlack}.
 * {@code why} says where a bound looser than the base one comes from.
 */
record Tolerance(double relative, double absolute, long integerSlack, String why) {
    /** The ONNX backend tests' bound, for one float operator whose rounding may differ. */
    static final double BASE_RELATIVE = 1e-4;

    static final double BASE_ABSOLUTE = 1e-5;

    /**
     * Float outputs of the float families. Not loosened by depth: over 21,000 generated float models
     * (seeds 2 and 3, see docs/conformance.md) the worst element used 51% of it, after up to 12
     * operators that the engines round differently.
     */
    static Tolerance base() {
        return floats(BASE_RELATIVE, BASE_ABSOLUTE, "base");
    }

    static Tolerance exact() {
        return new Tolerance(0, 0, 0, "exact");
    }

    static Tolerance floats(double relative, double absolute, String why) {
        return new Tolerance(relative, absolute, 0, why);
    }

    static Tolerance integers(long slack, String why) {
        return new Tolerance(0, 0, slack, why);
    }

    boolean floatsClose(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b);
        }
        if (a == b) {
            return true;
        }
        if (Float.isInfinite(a) || Float.isInfinite(b)) {
            return false;
        }
        return Math.abs((double) a - b) <= relative * Math.abs((double) b) + absolute;
    }
}
