package io.lockstep.nn.internal.graph;

import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.NnLimits;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorSpec;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.operator.TensorType;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Assigns every non-constant value a buffer, reusing a buffer once the last step that reads its value
 * has run. Buffers are shared only between values of the same dtype and element count, so every array
 * a kernel sees is exactly as long as its tensor. A step's outputs are assigned before its dead inputs
 * are released, so no kernel writes into an array it reads.
 */
final class BufferPlanner {
    private BufferPlanner() {}

    static ExecutionPlan assign(
            List<TensorSpec> inputs,
            List<TensorSpec> outputs,
            List<Step> steps,
            List<TensorType> slotTypes,
            List<Tensor> slotConstants,
            int[] inputSlots,
            int[] outputSlots,
            NnLimits limits,
            long cost) {
        int slots = slotTypes.size();
        int[] lastUse = new int[slots];
        java.util.Arrays.fill(lastUse, -1);
        for (int s = 0; s < steps.size(); s++) {
            for (int slot : steps.get(s).inputSlots()) {
                if (slot >= 0) {
                    lastUse[slot] = s;
                }
            }
        }
        for (int slot : outputSlots) {
            lastUse[slot] = Integer.MAX_VALUE;
        }
        int[] slotBuffers = new int[slots];
        java.util.Arrays.fill(slotBuffers, -1);
        List<TensorType> buffers = new ArrayList<>();
        Map<TensorType, Deque<Integer>> free = new HashMap<>();
        long[] bytes = {0};

        for (int slot : inputSlots) {
            slotBuffers[slot] = take(slotTypes.get(slot), buffers, free, bytes, limits);
            if (lastUse[slot] < 0) {
                release(slot, slotTypes, slotBuffers, free);
            }
        }
        for (int s = 0; s < steps.size(); s++) {
            Step step = steps.get(s);
            for (int slot : step.outputSlots()) {
                if (slot >= 0) {
                    slotBuffers[slot] = take(slotTypes.get(slot), buffers, free, bytes, limits);
                }
            }
            for (int slot : step.inputSlots()) {
                if (slot >= 0 && lastUse[slot] == s && slotConstants.get(slot) == null) {
                    lastUse[slot] = -2; // released; a slot read twice by one step is released once
                    release(slot, slotTypes, slotBuffers, free);
                }
            }
            for (int slot : step.outputSlots()) {
                if (slot >= 0 && lastUse[slot] == -1) {
                    release(slot, slotTypes, slotBuffers, free);
                }
            }
        }
        Object[] constants = new Object[slots];
        for (int slot = 0; slot < slots; slot++) {
            Tensor c = slotConstants.get(slot);
            constants[slot] = c == null ? null : TensorBridge.data(c);
        }
        return new ExecutionPlan(
                inputs,
                outputs,
                List.copyOf(steps),
                slotTypes.toArray(new TensorType[0]),
                constants,
                slotBuffers,
                List.copyOf(buffers),
                inputSlots,
                outputSlots,
                cost,
                bytes[0]);
    }

    private static int take(
            TensorType type,
            List<TensorType> buffers,
            Map<TensorType, Deque<Integer>> free,
            long[] bytes,
            NnLimits limits) {
        Deque<Integer> pool = free.get(type);
        if (pool != null && !pool.isEmpty()) {
            return pool.pop();
        }
        bytes[0] += type.bytes();
        if (bytes[0] > limits.maxIntermediateBytes()) {
            throw new NnException(
                    NnErrorCode.LIMIT_EXCEEDED,
                    "buffers for one run need more than " + limits.maxIntermediateBytes() + " bytes");
        }
        buffers.add(type);
        return buffers.size() - 1;
    }

    private static void release(
            int slot, List<TensorType> slotTypes, int[] slotBuffers, Map<TensorType, Deque<Integer>> free) {
        free.computeIfAbsent(slotTypes.get(slot), t -> new ArrayDeque<>()).push(slotBuffers[slot]);
    }
}
