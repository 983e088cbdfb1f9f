package io.lockstep.nn.internal.kernel.elementwise;

import io.lockstep.nn.DType;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.internal.kernel.Elements;
import io.lockstep.nn.internal.operator.Broadcast;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.NodeContext;
import io.lockstep.nn.internal.operator.NodePlan;
import io.lockstep.nn.internal.operator.Operator;
import io.lockstep.nn.internal.operator.Shape;
import io.lockstep.nn.internal.operator.TensorType;
import io.lockstep.nn.internal.operator.Work;

/**
 * Elementwise operators of two broadcast inputs: arithmetic (Add, Sub, Mul, Div, Pow) and comparisons
 * (Equal, Less, Greater and their -OrEqual forms). Float arithmetic is one IEEE operation per element
 * (Pow through {@code StrictMath.pow} in double, rounded once); integer arithmetic wraps at the type's
 * width, and integer division truncates toward zero with {@code x / 0 = 0}.
 */
public final class BinaryOperator implements Operator {
    public enum Kind {
        ADD,
        SUB,
        MUL,
        DIV,
        POW,
        EQUAL,
        LESS,
        GREATER,
        LESS_OR_EQUAL,
        GREATER_OR_EQUAL
    }

    private static final DType[] NUMERIC = {DType.FLOAT, DType.INT32, DType.INT64, DType.INT8, DType.UINT8};
    private static final DType[] ANY = {DType.FLOAT, DType.INT32, DType.INT64, DType.INT8, DType.UINT8, DType.BOOL};

    private final Kind kind;

    public BinaryOperator(Kind kind) {
        this.kind = kind;
    }

    @Override
    public NodePlan plan(NodeContext node) {
        node.requireArity(2, 2, 1, 1);
        DType a = node.requireDType(0, kind == Kind.EQUAL ? ANY : NUMERIC);
        if (kind == Kind.POW) {
            node.requireDType(0, DType.FLOAT, DType.INT32, DType.INT64);
            node.requireDType(1, NUMERIC);
        } else {
            node.requireSameDType(0, 1);
        }
        DType b = node.dtype(1);
        Shape out = Broadcast.shape(node, node.shape(0), node.shape(1));
        Broadcast bc = Broadcast.plan(out, node.shape(0), node.shape(1));
        boolean comparison = kind.ordinal() >= Kind.EQUAL.ordinal();
        DType outType = comparison ? DType.BOOL : a;
        long n = out.size();
        Work work =
                switch (kind) {
                    case DIV -> Work.divisions(n);
                    case POW -> Work.transcendentals(n);
                    default -> Work.elements(n);
                };
        Kernel kernel;
        if (a == DType.FLOAT && kind.ordinal() <= Kind.DIV.ordinal()) {
            kernel = floatArithmetic(bc, kind, canCreateNaN(node, kind));
        } else if (comparison) {
            kernel = comparison(bc, kind, a);
        } else if (kind == Kind.POW) {
            kernel = pow(bc, a, b);
        } else {
            kernel = integerArithmetic(bc, kind, a);
        }
        return NodePlan.of(new TensorType(outType, out), work, bc.units(), kernel);
    }

    /**
     * Whether the float operation can create a NaN from operands that are not NaN (an invalid operation:
     * inf - inf, 0 * inf, 0 / 0, inf / inf), which the hardware makes with a payload of its own (x86 sets
     * the sign bit). It cannot when one operand is a constant whose elements are all finite (and, for Mul
     * and Div, non-zero). A NaN operand is canonical (inputs, constants and every kernel's outputs are),
     * and an operation with a quiet NaN operand returns that NaN (x86, ARM and the others Java runs on
     * propagate it; RISC-V returns the canonical NaN itself), so the output's NaNs are canonical without
     * a scan.
     */
    static boolean canCreateNaN(NodeContext node, Kind kind) {
        for (int i = 0; i < 2; i++) {
            Tensor constant = node.constant(i);
            if (constant != null
                    && constant.dtype() == DType.FLOAT
                    && finite(constant, kind != Kind.ADD && kind != Kind.SUB)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(Tensor constant, boolean nonZero) {
        int n = constant.size();
        for (int i = 0; i < n; i++) {
            float v = constant.floatAt(i);
            if (v - v != 0f || (nonZero && v == 0f)) {
                return false;
            }
        }
        return true;
    }

    private static Kernel floatArithmetic(Broadcast bc, Kind kind, boolean canCreateNaN) {
        FloatArithmetic.FloatLoop loop =
                switch (kind) {
                    case ADD -> FloatArithmetic.ADD;
                    case SUB -> FloatArithmetic.SUB;
                    case MUL -> FloatArithmetic.MUL;
                    case DIV -> FloatArithmetic.DIV;
                    default -> throw new IllegalStateException(kind.name());
                };
        int as = bc.innerStride(0);
        int bs = bc.innerStride(1);
        return (io, from, to, scratch) -> {
            float[] x = io.floatIn(0);
            float[] y = io.floatIn(1);
            float[] out = io.floatOut(0);
            for (int u = from; u < to; u++) {
                int oo = bc.outOffset(u);
                int n = bc.length(u);
                loop.run(x, bc.inOffset(0, u), as, y, bc.inOffset(1, u), bs, out, oo, n);
                if (canCreateNaN) {
                    CanonicalNaN.canonicalize(out, oo, oo + n);
                }
            }
        };
    }

    /** Visits each output element with its two input indices. */
    @FunctionalInterface
    private interface ElementVisitor {
        void visit(Object x, int xi, Object y, int yi, Object out, int oi);
    }

    private static Kernel perElement(Broadcast bc, ElementVisitor visitor) {
        int as = bc.innerStride(0);
        int bs = bc.innerStride(1);
        return (io, from, to, scratch) -> {
            Object x = io.in(0);
            Object y = io.in(1);
            Object out = io.out(0);
            for (int u = from; u < to; u++) {
                int xo = bc.inOffset(0, u);
                int yo = bc.inOffset(1, u);
                int oo = bc.outOffset(u);
                int n = bc.length(u);
                for (int i = 0; i < n; i++) {
                    visitor.visit(x, xo + i * as, y, yo + i * bs, out, oo + i);
                }
            }
        };
    }

    private static Kernel comparison(Broadcast bc, Kind kind, DType type) {
        if (type == DType.FLOAT) {
            return perElement(bc, (x, xi, y, yi, out, oi) -> {
                float p = ((float[]) x)[xi];
                float q = ((float[]) y)[yi];
                boolean r =
                        switch (kind) {
                            case EQUAL -> p == q;
                            case LESS -> p < q;
                            case GREATER -> p > q;
                            case LESS_OR_EQUAL -> p <= q;
                            default -> p >= q;
                        };
                ((byte[]) out)[oi] = (byte) (r ? 1 : 0);
            });
        }
        return perElement(bc, (x, xi, y, yi, out, oi) -> {
            long p = Elements.getLong(type, x, xi);
            long q = Elements.getLong(type, y, yi);
            boolean r =
                    switch (kind) {
                        case EQUAL -> p == q;
                        case LESS -> p < q;
                        case GREATER -> p > q;
                        case LESS_OR_EQUAL -> p <= q;
                        default -> p >= q;
                    };
            ((byte[]) out)[oi] = (byte) (r ? 1 : 0);
        });
    }

    private static Kernel integerArithmetic(Broadcast bc, Kind kind, DType type) {
        return perElement(bc, (x, xi, y, yi, out, oi) -> {
            long p = Elements.getLong(type, x, xi);
            long q = Elements.getLong(type, y, yi);
            long r =
                    switch (kind) {
                        case ADD -> p + q;
                        case SUB -> p - q;
                        case MUL -> p * q;
                        default -> q == 0 ? 0 : p / q;
                    };
            Elements.setLong(type, out, oi, r);
        });
    }

    private static Kernel pow(Broadcast bc, DType base, DType exponent) {
        if (base == DType.FLOAT) {
            return perElement(bc, (x, xi, y, yi, out, oi) -> {
                double p = ((float[]) x)[xi];
                double q = Elements.getDouble(exponent, y, yi);
                ((float[]) out)[oi] = CanonicalNaN.round(StrictMath.pow(p, q));
            });
        }
        if (exponent == DType.FLOAT) {
            return perElement(bc, (x, xi, y, yi, out, oi) -> {
                double r = StrictMath.pow(Elements.getLong(base, x, xi), ((float[]) y)[yi]);
                Elements.setLong(base, out, oi, (long) r);
            });
        }
        return perElement(
                bc,
                (x, xi, y, yi, out, oi) -> Elements.setLong(
                        base, out, oi, integerPower(Elements.getLong(base, x, xi), Elements.getLong(exponent, y, yi))));
    }

    /** Exact integer power, wrapping in 64 bits; a negative exponent truncates 1/b^e toward zero. */
    static long integerPower(long b, long e) {
        if (e < 0) {
            if (b == 1) {
                return 1;
            }
            if (b == -1) {
                return (e & 1) == 0 ? 1 : -1;
            }
            return 0;
        }
        long result = 1;
        long square = b;
        while (e != 0) {
            if ((e & 1) != 0) {
                result *= square;
            }
            square *= square;
            e >>>= 1;
        }
        return result;
    }
}
