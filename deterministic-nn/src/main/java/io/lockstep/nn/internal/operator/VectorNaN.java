package io.lockstep.nn.internal.operator;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link CanonicalNaN#canonicalize} a vector at a time: a lane-wise NaN test, and a store only for the
 * rare vector that holds one, so every lane ends with the bits the scalar loop gives. Loaded only when
 * the matrix products use the Vector API ({@code FloatGemm.VECTOR_KERNEL}).
 */
final class VectorNaN {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorNaN() {}

    static void canonicalize(float[] values, int from, int to) {
        FloatVector canonical = FloatVector.broadcast(SPECIES, CanonicalNaN.NAN);
        int i = from;
        for (int end = from + SPECIES.loopBound(to - from); i < end; i += SPECIES.length()) {
            FloatVector v = FloatVector.fromArray(SPECIES, values, i);
            VectorMask<Float> nan = v.test(VectorOperators.IS_NAN);
            if (nan.anyTrue()) {
                v.blend(canonical, nan).intoArray(values, i);
            }
        }
        for (; i < to; i++) {
            float v = values[i];
            if (v != v) {
                values[i] = CanonicalNaN.NAN;
            }
        }
    }
}
