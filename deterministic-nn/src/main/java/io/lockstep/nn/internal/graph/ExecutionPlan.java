package io.lockstep.nn.internal.graph;

import io.lockstep.nn.TensorSpec;
import io.lockstep.nn.internal.operator.TensorType;
import java.util.List;

/**
 * A prepared graph: the steps to run in order, the slot of every value they touch, which slots are
 * constants and which share which planned buffer, and the fuel of a run. Immutable; each
 * {@link GraphRunner} allocates its own buffers from it.
 *
 * @param slotTypes the static type of every slot
 * @param slotConstants the constant array of a slot, or null for a buffer slot
 * @param slotBuffers the planned buffer of a buffer slot, or -1 for a constant
 * @param buffers the type of each planned buffer (slots share a buffer only when type and size match)
 * @param inputSlots slot of each graph input, in {@code inputs} order
 * @param outputSlots slot of each graph output, in {@code outputs} order
 */
public record ExecutionPlan(
        List<TensorSpec> inputs,
        List<TensorSpec> outputs,
        List<Step> steps,
        TensorType[] slotTypes,
        Object[] slotConstants,
        int[] slotBuffers,
        List<TensorType> buffers,
        int[] inputSlots,
        int[] outputSlots,
        long cost,
        long bufferBytes) {

    public int stepCount() {
        return steps.size();
    }
}
