package io.lockstep.nn.internal.operator;

import io.lockstep.nn.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What an operator decided for one node: the type of each output, the work (hence fuel) of running
 * it, and the kernel with its number of independent units. An operator whose outputs are known
 * before anything runs (Shape, Constant) returns {@link #constant} instead; such nodes cost nothing.
 *
 * @param outputs one type per node output; null for an absent optional output
 * @param units independent units of work the kernel is split into (see {@link Kernel})
 * @param constants the output values when known at plan time, else null
 */
public record NodePlan(List<TensorType> outputs, Work work, int units, Kernel kernel, List<Tensor> constants) {
    public NodePlan {
        outputs = java.util.Collections.unmodifiableList(new ArrayList<>(outputs));
        if (constants == null && (kernel == null || units < 0)) {
            throw new IllegalArgumentException("a plan needs a kernel or constant outputs");
        }
    }

    public static NodePlan of(List<TensorType> outputs, Work work, int units, Kernel kernel) {
        return new NodePlan(outputs, work, units, kernel, null);
    }

    public static NodePlan of(TensorType output, Work work, int units, Kernel kernel) {
        return of(Arrays.asList(output), work, units, kernel);
    }

    /** Outputs known now; they are folded into constants and never run. */
    public static NodePlan constant(List<Tensor> values) {
        List<TensorType> types = new ArrayList<>();
        for (Tensor t : values) {
            types.add(new TensorType(t.dtype(), Shape.of(t.shape())));
        }
        return new NodePlan(types, Work.NONE, 0, null, List.copyOf(values));
    }

    public boolean isConstant() {
        return constants != null;
    }
}
