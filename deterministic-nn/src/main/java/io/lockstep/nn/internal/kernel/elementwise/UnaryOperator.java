package io.lockstep.nn.internal.kernel.elementwise;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.internal.kernel.Elements;
import io.lockstep.nn.internal.kernel.linalg.FloatGemm;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * Elementwise operators of one input whose output has the input's type and shape. Float functions that
 * have no exact IEEE operation are computed in double through {@code StrictMath} or our own fixed-order
 * polynomials ({@link FloatExp}, {@link FloatErf}, {@link Erf}) and rounded to float once; the formulas are in docs/spec/nn.md. Units are runs of {@link #CHUNK}
 * elements.
 */
public final class UnaryOperator implements Operator {
    static final int CHUNK = 4096;

    public enum Kind {
        NEG,
        ABS,
        RELU,
        LEAKY_RELU,
        SQRT,
        EXP,
        LOG,
        TANH,
        SIGMOID,
        ERF,
        GELU
    }

    private static final double INV_SQRT2 = 0.7071067811865476;
    private static final double SQRT_2_OVER_PI = 0.7978845608028654;

    /** Computes {@code out[i] = f(in[i])} for {@code i} in {@code [from, to)}. */
    @FunctionalInterface
    private interface FloatLoop {
        void run(float[] in, float[] out, int from, int to);
    }

    private final Kind kind;

    public UnaryOperator(Kind kind) {
        this.kind = kind;
    }

    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(1, 1, 1, 1);
        TensorType type = node.input(0);
        int n = type.size();
        int units = (n + CHUNK - 1) / CHUNK;
        DType dtype = type.dtype();
        Kernel kernel;
        if (dtype == DType.FLOAT) {
            FloatLoop loop = floatLoop(node);
            kernel = (io, from, to, scratch) -> {
                float[] in = io.floatIn(0);
                float[] out = io.floatOut(0);
                for (int u = from; u < to; u++) {
                    loop.run(in, out, u * CHUNK, Math.min(n, (u + 1) * CHUNK));
                }
            };
        } else {
            if (!dtype.isInteger() || !(kind == Kind.NEG || kind == Kind.ABS || kind == Kind.RELU)) {
                throw node.fail(NnErrorCode.UNSUPPORTED_DTYPE, "input of type " + dtype + " is not supported");
            }
            kernel = integerKernel(kind, dtype, n);
        }
        Work work =
                switch (kind) {
                    case NEG, ABS, RELU, LEAKY_RELU -> Work.elements(n);
                    case SQRT -> Work.divisions(n);
                    case EXP, LOG, TANH, SIGMOID -> Work.transcendentals(n);
                    case ERF, GELU -> Work.transcendentals(2L * n);
                };
        return NodePlan.of(type, work, units, kernel);
    }

    private FloatLoop floatLoop(NodeContext node) {
        switch (kind) {
            case NEG:
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = -in[i];
                    }
                    CanonicalNaN.canonicalize(out, from, to);
                };
            case ABS:
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = Float.intBitsToFloat(Float.floatToRawIntBits(in[i]) & 0x7fffffff);
                    }
                    CanonicalNaN.canonicalize(out, from, to);
                };
            case RELU:
                if (FloatGemm.VECTOR_KERNEL) {
                    return VectorRelu::run;
                }
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        float x = in[i];
                        out[i] = x < 0f ? 0f : x;
                    }
                };
            case LEAKY_RELU: {
                float alpha = node.floatAttribute("alpha", 0.01f);
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        float x = in[i];
                        out[i] = x < 0f ? alpha * x : x;
                    }
                    CanonicalNaN.canonicalize(out, from, to);
                };
            }
            case SQRT:
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = CanonicalNaN.round(StrictMath.sqrt(in[i]));
                    }
                };
            case EXP:
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = CanonicalNaN.round(FloatExp.exp(in[i]));
                    }
                };
            case LOG:
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = CanonicalNaN.round(StrictMath.log(in[i]));
                    }
                };
            case TANH:
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = CanonicalNaN.round(StrictMath.tanh(in[i]));
                    }
                };
            case SIGMOID:
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = CanonicalNaN.round(sigmoid(in[i]));
                    }
                };
            case ERF:
                return FloatErf::erf;
            case GELU: {
                String approximate = node.stringAttribute("approximate", "none");
                if (approximate.equals("tanh")) {
                    return (in, out, from, to) -> {
                        for (int i = from; i < to; i++) {
                            out[i] = CanonicalNaN.round(geluTanh(in[i]));
                        }
                    };
                }
                if (!approximate.equals("none")) {
                    throw node.fail(NnErrorCode.INVALID_MODEL, "approximate must be 'none' or 'tanh'");
                }
                return (in, out, from, to) -> {
                    for (int i = from; i < to; i++) {
                        out[i] = CanonicalNaN.round(gelu(in[i]));
                    }
                };
            }
            default:
                throw new IllegalStateException(kind.name());
        }
    }

    /** {@code 1 / (1 + exp(-x))} in double. */
    static double sigmoid(double x) {
        return 1.0 / (1.0 + FloatExp.exp(-x));
    }

    /** {@code 0.5 x erfc(-x / sqrt 2)}, which is {@code 0.5 x (1 + erf(x / sqrt 2))}, in double. */
    static double gelu(double x) {
        return 0.5 * x * Erf.erfc(-(x * INV_SQRT2));
    }

    /** {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))} in double. */
    static double geluTanh(double x) {
        double inner = SQRT_2_OVER_PI * (x + 0.044715 * (x * x * x));
        return 0.5 * x * (1.0 + StrictMath.tanh(inner));
    }

    private static Kernel integerKernel(Kind kind, DType dtype, int n) {
        return (io, from, to, scratch) -> {
            Object in = io.in(0);
            Object out = io.out(0);
            int end = Math.min(n, to * CHUNK);
            for (int i = from * CHUNK; i < end; i++) {
                long x = Elements.getLong(dtype, in, i);
                long r =
                        switch (kind) {
                            case NEG -> -x;
                            case ABS -> x < 0 ? -x : x;
                            default -> x < 0 ? 0 : x;
                        };
                Elements.setLong(dtype, out, i, r);
            }
        };
    }
}
