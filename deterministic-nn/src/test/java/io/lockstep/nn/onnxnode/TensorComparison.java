package io.lockstep.nn.onnxnode;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import java.util.Arrays;

/**
 * Compares an output with the expected tensor: floats within {@code 1e-4 * |expected| + 1e-5} (NaN
 * matches NaN, infinities must be equal), everything else exactly. Returns null when they match, else
 * what differs.
 */
final class TensorComparison {
    static final double RELATIVE = 1e-4;
    static final double ABSOLUTE = 1e-5;

    private TensorComparison() {}

    static String mismatch(Tensor actual, Tensor expected) {
        if (actual.dtype() != expected.dtype()) {
            return "dtype " + actual.dtype() + ", expected " + expected.dtype();
        }
        if (!Arrays.equals(actual.shape(), expected.shape())) {
            return "shape " + Arrays.toString(actual.shape()) + ", expected " + Arrays.toString(expected.shape());
        }
        int n = expected.size();
        for (int i = 0; i < n; i++) {
            if (expected.dtype() == DType.FLOAT) {
                float a = actual.floatAt(i);
                float b = expected.floatAt(i);
                if (!close(a, b)) {
                    return "element " + i + " is " + a + ", expected " + b;
                }
            } else if (actual.longAt(i) != expected.longAt(i)) {
                return "element " + i + " is " + actual.longAt(i) + ", expected " + expected.longAt(i);
            }
        }
        return null;
    }

    static boolean close(float a, float b) {
        if (Float.isNaN(a) || Float.isNaN(b)) {
            return Float.isNaN(a) && Float.isNaN(b);
        }
        if (a == b) {
            return true;
        }
        if (Float.isInfinite(a) || Float.isInfinite(b)) {
            return false;
        }
        return Math.abs((double) a - b) <= RELATIVE * Math.abs((double) b) + ABSOLUTE;
    }
}
