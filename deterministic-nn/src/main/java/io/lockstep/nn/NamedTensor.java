package io.lockstep.nn;

import java.util.Objects;

/** A tensor with the name it carries in a {@code TensorProto} (empty when the proto has none). */
public record NamedTensor(String name, Tensor tensor) {
    public NamedTensor {
        Objects.requireNonNull(name);
        Objects.requireNonNull(tensor);
    }
}
