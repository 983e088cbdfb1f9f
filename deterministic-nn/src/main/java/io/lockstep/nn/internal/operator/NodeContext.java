package io.lockstep.nn.internal.operator;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.NnLimits;
import io.lockstep.nn.OnnxAttribute;
import io.lockstep.nn.OnnxNode;
import io.lockstep.nn.Tensor;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What an {@link Operator} sees of one node while it plans it: the node's attributes, the static type
 * of each input, the value of each constant input, the opset version the model imports, and the
 * limits. Every error it makes names the operator, the opset version and the node.
 */
public final class NodeContext {
    private final OnnxNode node;
    private final int opset;
    private final List<TensorType> inputTypes;
    private final List<Tensor> constants;
    private final NnLimits limits;
    private final Set<String> read = new HashSet<>();

    /**
     * @param inputTypes one entry per node input, null where the optional input is left out
     * @param constants one entry per node input, the value where it is known before running, else null
     */
    public NodeContext(OnnxNode node, int opset, List<TensorType> inputTypes, List<Tensor> constants, NnLimits limits) {
        this.node = node;
        this.opset = opset;
        this.inputTypes = inputTypes;
        this.constants = constants;
        this.limits = limits;
    }

    public OnnxNode node() {
        return node;
    }

    public String opType() {
        return node.opType();
    }

    /** The version of the node's operator set that the model imports. */
    public int opset() {
        return opset;
    }

    public NnLimits limits() {
        return limits;
    }

    // ---- inputs and outputs

    /** Number of input entries, counting left-out optional ones. */
    public int inputCount() {
        return inputTypes.size();
    }

    public boolean hasInput(int i) {
        return i < inputTypes.size() && inputTypes.get(i) != null;
    }

    public TensorType input(int i) {
        if (!hasInput(i)) {
            throw fail(NnErrorCode.INVALID_MODEL, "input " + i + " is missing");
        }
        return inputTypes.get(i);
    }

    public DType dtype(int i) {
        return input(i).dtype();
    }

    public Shape shape(int i) {
        return input(i).shape();
    }

    /** The input's value if it is known before running (initializer, Constant, folded), else null. */
    public Tensor constant(int i) {
        return hasInput(i) ? constants.get(i) : null;
    }

    /** The input's value, which this operator needs to know its output shape. */
    public Tensor requireConstant(int i, String role) {
        Tensor value = constant(i);
        if (value == null) {
            throw fail(
                    NnErrorCode.VALUE_DEPENDENT_SHAPE,
                    role + " (input " + i + ") must be a constant (initializer or computed from constants"
                            + " and shapes only)");
        }
        return value;
    }

    /** A constant int32/int64 input read as longs. */
    public long[] requireConstantInts(int i, String role) {
        Tensor value = requireConstant(i, role);
        if (value.dtype() != DType.INT64 && value.dtype() != DType.INT32) {
            throw fail(NnErrorCode.INVALID_MODEL, role + " must be int64, is " + value.dtype());
        }
        return value.toLongValues();
    }

    public int outputCount() {
        return node.outputs().size();
    }

    public boolean hasOutput(int i) {
        return i < node.outputs().size() && !node.outputs().get(i).isEmpty();
    }

    /** Checks the number of inputs (counting left-out optional ones) and outputs. */
    public void requireArity(int minInputs, int maxInputs, int minOutputs, int maxOutputs) {
        int in = inputCount();
        if (in < minInputs || in > maxInputs) {
            throw fail(NnErrorCode.INVALID_MODEL, "takes " + range(minInputs, maxInputs) + " inputs, has " + in);
        }
        int out = outputCount();
        if (out < minOutputs || out > maxOutputs) {
            throw fail(NnErrorCode.INVALID_MODEL, "has " + range(minOutputs, maxOutputs) + " outputs, has " + out);
        }
        for (int i = 0; i < minInputs; i++) {
            input(i);
        }
    }

    private static String range(int min, int max) {
        return min == max ? Integer.toString(min) : max == Integer.MAX_VALUE ? min + "+" : min + ".." + max;
    }

    /** Refuses the node unless input {@code i} has one of the allowed element types. */
    public DType requireDType(int i, DType... allowed) {
        DType actual = dtype(i);
        for (DType d : allowed) {
            if (d == actual) {
                return actual;
            }
        }
        throw fail(
                NnErrorCode.UNSUPPORTED_DTYPE,
                "input " + i + " of type " + actual + " is not supported (allowed: " + Arrays.toString(allowed) + ")");
    }

    /** Refuses the node unless inputs {@code i} and {@code j} have the same element type. */
    public void requireSameDType(int i, int j) {
        if (dtype(i) != dtype(j)) {
            throw fail(
                    NnErrorCode.SHAPE_MISMATCH,
                    "inputs " + i + " and " + j + " have different types " + dtype(i) + " and " + dtype(j));
        }
    }

    /** A normalized axis for a tensor of the given rank, or an error naming the attribute. */
    public int axis(long axis, int rank, String what) {
        int a = Shape.normalizeAxis(axis, rank);
        if (a < 0) {
            throw fail(NnErrorCode.INVALID_MODEL, what + " " + axis + " is out of range for rank " + rank);
        }
        return a;
    }

    // ---- attributes

    public boolean hasAttribute(String name) {
        return node.attribute(name).isPresent();
    }

    /** Marks attributes as understood without reading them (they do not change inference). */
    public void ignoreAttributes(String... names) {
        read.addAll(Arrays.asList(names));
    }

    public long intAttribute(String name, long defaultValue) {
        OnnxAttribute a = attribute(name);
        if (a == null) {
            return defaultValue;
        }
        if (a instanceof OnnxAttribute.IntValue v) {
            return v.value();
        }
        throw wrongKind(a, "an int");
    }

    public float floatAttribute(String name, float defaultValue) {
        OnnxAttribute a = attribute(name);
        if (a == null) {
            return defaultValue;
        }
        if (a instanceof OnnxAttribute.FloatValue v) {
            return v.value();
        }
        throw wrongKind(a, "a float");
    }

    public String stringAttribute(String name, String defaultValue) {
        OnnxAttribute a = attribute(name);
        if (a == null) {
            return defaultValue;
        }
        if (a instanceof OnnxAttribute.StringValue v) {
            return v.value();
        }
        throw wrongKind(a, "a string");
    }

    /** An ints attribute, or null when absent. */
    public long[] intsAttribute(String name) {
        OnnxAttribute a = attribute(name);
        if (a == null) {
            return null;
        }
        if (a instanceof OnnxAttribute.IntsValue v) {
            return v.values();
        }
        throw wrongKind(a, "a list of ints");
    }

    /** A floats attribute, or null when absent. */
    public float[] floatsAttribute(String name) {
        OnnxAttribute a = attribute(name);
        if (a == null) {
            return null;
        }
        if (a instanceof OnnxAttribute.FloatsValue v) {
            return v.values();
        }
        throw wrongKind(a, "a list of floats");
    }

    /** A tensor attribute, or null when absent. */
    public Tensor tensorAttribute(String name) {
        OnnxAttribute a = attribute(name);
        if (a == null) {
            return null;
        }
        if (a instanceof OnnxAttribute.TensorValue v) {
            return v.value();
        }
        throw wrongKind(a, "a tensor");
    }

    private OnnxAttribute attribute(String name) {
        read.add(name);
        return node.attribute(name).orElse(null);
    }

    private NnException wrongKind(OnnxAttribute a, String expected) {
        if (a instanceof OnnxAttribute.Unsupported) {
            return fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, "attribute '" + a.name() + "' has an unsupported kind");
        }
        return fail(NnErrorCode.INVALID_MODEL, "attribute '" + a.name() + "' must be " + expected);
    }

    /** Called by the planner after {@link Operator#plan}: an attribute nobody read is not supported. */
    public void checkAllAttributesRead() {
        for (OnnxAttribute a : node.attributes()) {
            if (!read.contains(a.name())) {
                throw fail(NnErrorCode.UNSUPPORTED_ATTRIBUTE, "attribute '" + a.name() + "' is not supported");
            }
        }
    }

    // ---- errors

    /** An error about this node: names the operator, its opset version and the node. */
    public NnException fail(NnErrorCode code, String message) {
        return new NnException(code, describe() + ": " + message);
    }

    public String describe() {
        String domain = node.domain().isEmpty() ? "" : node.domain() + ".";
        return domain + node.opType() + " (opset " + opset + ") node " + node.identify();
    }
}
