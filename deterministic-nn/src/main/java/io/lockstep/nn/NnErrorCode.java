package io.lockstep.nn;

/**
 * Why the engine refused a model, its inputs or a run. Append-only: a contract sees these codes, so they
 * are part of a call's consensus result.
 */
public enum NnErrorCode {
    /** The bytes are not a well-formed protobuf message of the expected kind (truncated, bad lengths). */
    MALFORMED_MODEL,
    /** A tensor or value uses an element type the engine does not compute with. */
    UNSUPPORTED_DTYPE,
    /** An operator (type, domain and opset version) the engine does not implement. */
    UNSUPPORTED_OPERATOR,
    /** An attribute, attribute value or input combination of a supported operator that is not implemented. */
    UNSUPPORTED_ATTRIBUTE,
    /** The model is well-formed but violates the ONNX rules for an operator (bad attribute, wrong input count). */
    INVALID_MODEL,
    /** A value's shape is not known statically and was not supplied by the caller. */
    DYNAMIC_SHAPE,
    /** A shape depends on the contents of a tensor that is not constant (a Reshape target computed at run time). */
    VALUE_DEPENDENT_SHAPE,
    /** The graph's nodes form a cycle. */
    CYCLE,
    /** A node uses a value produced by a later node (ONNX requires topological order). */
    NOT_TOPOLOGICAL,
    /** A node input, graph output or initializer names a value that nothing defines. */
    MISSING_VALUE,
    /** A value name is defined twice (two initializers, two node outputs, an input and an initializer...). */
    DUPLICATE_NAME,
    /** Shapes or element types of an operator's inputs do not fit together. */
    SHAPE_MISMATCH,
    /** A size or count limit of {@link NnLimits} is exceeded. */
    LIMIT_EXCEEDED,
    /** Tensor data stored outside the model file, which the engine never reads. */
    EXTERNAL_DATA,
    /** The inputs passed to a run do not match the prepared model (names, types or shapes). */
    INVALID_INPUT,
    /** An index read from a tensor at run time is out of range (Gather indices...). */
    INDEX_OUT_OF_RANGE
}
