package io.lockstep.nn;

import java.util.Arrays;

/** The name, element type and static shape of a prepared model's input or output. */
public record TensorSpec(String name, DType dtype, int[] shape) {
    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public int[] shape() {
        return shape.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec other
                && name.equals(other.name)
                && dtype == other.dtype
                && Arrays.equals(shape, other.shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + dtype.hashCode() * 17 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + ": " + dtype + Arrays.toString(shape);
    }
}
