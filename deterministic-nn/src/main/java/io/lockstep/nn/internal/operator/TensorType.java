package io.lockstep.nn.internal.operator;

import io.lockstep.nn.DType;
import java.util.Objects;

/** The static type of a value: element type and shape, both known before anything runs. */
public record TensorType(DType dtype, Shape shape) {
    public TensorType {
        Objects.requireNonNull(dtype);
        Objects.requireNonNull(shape);
    }

    public static TensorType of(DType dtype, int... dims) {
        return new TensorType(dtype, Shape.of(dims));
    }

    public int size() {
        return shape.size();
    }

    public long bytes() {
        return (long) shape.size() * dtype.byteSize();
    }

    @Override
    public String toString() {
        return dtype + shape.toString();
    }
}
