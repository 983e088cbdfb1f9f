package io.lockstep.nn;

import java.util.List;
import java.util.Optional;

/**
 * The declared type of a graph input, output or intermediate value.
 *
 * @param name the value's name
 * @param tensor whether the type is a tensor (sequences, maps, optionals and sparse tensors are not)
 * @param elemType the ONNX element type code (0 when not declared)
 * @param shape the dimensions, or null when the rank is not declared
 */
public record ValueInfo(String name, boolean tensor, int elemType, List<Dim> shape) {
    /** One dimension: a fixed size ({@code value >= 0}) or a symbolic or unknown one ({@code value < 0}). */
    public record Dim(long value, String param) {
        public boolean isFixed() {
            return value >= 0;
        }
    }

    public ValueInfo {
        shape = shape == null ? null : List.copyOf(shape);
    }

    public Optional<DType> dtype() {
        return DType.fromOnnxCode(elemType);
    }

    /** Whether every dimension is fixed (and the rank known). */
    public boolean hasStaticShape() {
        return shape != null && shape.stream().allMatch(Dim::isFixed);
    }
}
