package io.lockstep.nn.internal.kernel.elementwise;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Relu, {@code x < 0 ? +0.0f : x}, a vector at a time: the comparison and the choice are lane-wise, so
 * every lane gets exactly the scalar loop's bits (NaN and -0.0 are not below zero and pass through).
 * The scalar loop compiles to a branch per element that random signs mispredict half the time. Loaded
 * only when {@code FloatGemm.VECTOR_KERNEL} holds.
 */
final class VectorRelu {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorRelu() {}

    static void run(float[] in, float[] out, int from, int to) {
        FloatVector zero = FloatVector.zero(SPECIES);
        int i = from;
        for (int end = from + SPECIES.loopBound(to - from); i < end; i += SPECIES.length()) {
            FloatVector x = FloatVector.fromArray(SPECIES, in, i);
            VectorMask<Float> negative = x.compare(VectorOperators.LT, 0f);
            x.blend(zero, negative).intoArray(out, i);
        }
        for (; i < to; i++) {
            float x = in[i];
            out[i] = x < 0f ? 0f : x;
        }
    }
}
