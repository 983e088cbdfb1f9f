package io.lockstep.nn.reference;

/** The tolerance of a float output reached through a chain of operators the engines round differently. */
final class FloatChains {
    private FloatChains() {}

    static Tolerance tolerance(int steps) {
        return Tolerance.floats(Tolerance.BASE_RELATIVE, Tolerance.BASE_ABSOLUTE, "base, " + steps + " steps");
    }
}
