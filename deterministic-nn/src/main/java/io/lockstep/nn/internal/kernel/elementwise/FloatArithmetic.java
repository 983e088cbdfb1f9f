package io.lockstep.nn.internal.kernel.elementwise;

/**
 * The float loops of Add, Sub, Mul and Div, one per operator so that each loop is compiled on its own
 * and vectorized by the JIT. Each output element is one IEEE operation on its two operands, so
 * vectorization cannot change a bit. The loops leave NaNs as the hardware makes them; the caller
 * makes them canonical where an operation can create one ({@link BinaryOperator}).
 */
final class FloatArithmetic {
    /** A run of {@code n} outputs; {@code as}/{@code bs} are 1 (contiguous) or 0 (one repeated element). */
    @FunctionalInterface
    interface FloatLoop {
        void run(float[] a, int ao, int as, float[] b, int bo, int bs, float[] out, int oo, int n);
    }

    private FloatArithmetic() {}

    static final FloatLoop ADD = (a, ao, as, b, bo, bs, out, oo, n) -> {
        if (as == 1 && bs == 1) {
            for (int i = 0; i < n; i++) {
                out[oo + i] = a[ao + i] + b[bo + i];
            }
        } else if (as == 1) {
            float y = b[bo];
            for (int i = 0; i < n; i++) {
                out[oo + i] = a[ao + i] + y;
            }
        } else if (bs == 1) {
            float x = a[ao];
            for (int i = 0; i < n; i++) {
                out[oo + i] = x + b[bo + i];
            }
        } else {
            java.util.Arrays.fill(out, oo, oo + n, a[ao] + b[bo]);
        }
    };

    static final FloatLoop SUB = (a, ao, as, b, bo, bs, out, oo, n) -> {
        if (as == 1 && bs == 1) {
            for (int i = 0; i < n; i++) {
                out[oo + i] = a[ao + i] - b[bo + i];
            }
        } else if (as == 1) {
            float y = b[bo];
            for (int i = 0; i < n; i++) {
                out[oo + i] = a[ao + i] - y;
            }
        } else if (bs == 1) {
            float x = a[ao];
            for (int i = 0; i < n; i++) {
                out[oo + i] = x - b[bo + i];
            }
        } else {
            java.util.Arrays.fill(out, oo, oo + n, a[ao] - b[bo]);
        }
    };

    static final FloatLoop MUL = (a, ao, as, b, bo, bs, out, oo, n) -> {
        if (as == 1 && bs == 1) {
            for (int i = 0; i < n; i++) {
                out[oo + i] = a[ao + i] * b[bo + i];
            }
        } else if (as == 1) {
            float y = b[bo];
            for (int i = 0; i < n; i++) {
                out[oo + i] = a[ao + i] * y;
            }
        } else if (bs == 1) {
            float x = a[ao];
            for (int i = 0; i < n; i++) {
                out[oo + i] = x * b[bo + i];
            }
        } else {
            java.util.Arrays.fill(out, oo, oo + n, a[ao] * b[bo]);
        }
    };

    static final FloatLoop DIV = (a, ao, as, b, bo, bs, out, oo, n) -> {
        if (as == 1 && bs == 1) {
            for (int i = 0; i < n; i++) {
                out[oo + i] = a[ao + i] / b[bo + i];
            }
        } else if (as == 1) {
            float y = b[bo];
            for (int i = 0; i < n; i++) {
                out[oo + i] = a[ao + i] / y;
            }
        } else if (bs == 1) {
            float x = a[ao];
            for (int i = 0; i < n; i++) {
                out[oo + i] = x / b[bo + i];
            }
        } else {
            java.util.Arrays.fill(out, oo, oo + n, a[ao] / b[bo]);
        }
    };
}
