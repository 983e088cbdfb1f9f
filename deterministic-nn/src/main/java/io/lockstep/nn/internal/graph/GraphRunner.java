package io.lockstep.nn.internal.graph;

import io.lockstep.nn.DType;
import io.lockstep.nn.NnErrorCode;
import io.lockstep.nn.NnException;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorSpec;
import io.lockstep.nn.internal.TensorArrays;
import io.lockstep.nn.internal.TensorBridge;
import io.lockstep.nn.internal.operator.CanonicalNaN;
import io.lockstep.nn.internal.operator.KernelIo;
import io.lockstep.nn.internal.operator.Scratch;
import io.lockstep.nn.internal.operator.TensorType;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Runs an {@link ExecutionPlan} again and again on buffers allocated once, at the first run. Not
 * thread-safe: callers serialize runs.
 */
public final class GraphRunner {
    /** Steps whose fuel is below this run on one thread: splitting would cost more than it saves. */
    static final long PARALLEL_MIN_FUEL = 200_000;

    private final ExecutionPlan plan;
    private final Scratch scratch = new Scratch();
    private Object[] slotArrays;
    private KernelIo[] stepIo;

    public GraphRunner(ExecutionPlan plan) {
        this.plan = plan;
    }

    public Map<String, Tensor> run(Map<String, Tensor> inputs, WorkerPool pool) {
        checkInputs(inputs);
        if (slotArrays == null) {
            allocate();
        }
        for (int i = 0; i < plan.inputs().size(); i++) {
            TensorSpec spec = plan.inputs().get(i);
            Object source = TensorBridge.data(inputs.get(spec.name()));
            Object target = slotArrays[plan.inputSlots()[i]];
            int size = TensorArrays.length(target);
            TensorArrays.copy(source, 0, target, 0, size);
            if (spec.dtype() == DType.FLOAT) {
                CanonicalNaN.canonicalize((float[]) target, 0, size);
            }
        }
        for (int s = 0; s < plan.steps().size(); s++) {
            Step step = plan.steps().get(s);
            int threads = pool == null ? 1 : pool.threads();
            int chunks = Math.min(threads, step.units());
            if (chunks <= 1 || step.fuel() < PARALLEL_MIN_FUEL) {
                step.kernel().compute(stepIo[s], 0, step.units(), scratch);
            } else {
                pool.run(step.kernel(), stepIo[s], step.units(), chunks, scratch);
            }
        }
        Map<String, Tensor> outputs = new LinkedHashMap<>();
        for (int i = 0; i < plan.outputs().size(); i++) {
            TensorSpec spec = plan.outputs().get(i);
            Object array = slotArrays[plan.outputSlots()[i]];
            Object copy = TensorArrays.newArray(spec.dtype(), TensorArrays.length(array));
            TensorArrays.copy(array, 0, copy, 0, TensorArrays.length(array));
            outputs.put(spec.name(), TensorBridge.wrap(spec.dtype(), spec.shape(), copy));
        }
        return outputs;
    }

    private void checkInputs(Map<String, Tensor> inputs) {
        for (TensorSpec spec : plan.inputs()) {
            Tensor t = inputs.get(spec.name());
            if (t == null) {
                throw new NnException(NnErrorCode.INVALID_INPUT, "input '" + spec.name() + "' is missing");
            }
            if (t.dtype() != spec.dtype() || !Arrays.equals(TensorBridge.shape(t), spec.shape())) {
                throw new NnException(
                        NnErrorCode.INVALID_INPUT,
                        "input '" + spec.name() + "' must be " + spec.dtype() + Arrays.toString(spec.shape()) + ", is "
                                + t.dtype() + Arrays.toString(TensorBridge.shape(t)));
            }
        }
        if (inputs.size() != plan.inputs().size()) {
            for (String name : inputs.keySet()) {
                if (plan.inputs().stream().noneMatch(s -> s.name().equals(name))) {
                    throw new NnException(NnErrorCode.INVALID_INPUT, "the model has no input named '" + name + "'");
                }
            }
        }
    }

    private void allocate() {
        Object[] buffers = new Object[plan.buffers().size()];
        for (int b = 0; b < buffers.length; b++) {
            TensorType t = plan.buffers().get(b);
            buffers[b] = TensorArrays.newArray(t.dtype(), t.size());
        }
        Object[] arrays = new Object[plan.slotTypes().length];
        for (int slot = 0; slot < arrays.length; slot++) {
            arrays[slot] = plan.slotConstants()[slot] != null
                    ? plan.slotConstants()[slot]
                    : plan.slotBuffers()[slot] >= 0 ? buffers[plan.slotBuffers()[slot]] : null;
        }
        KernelIo[] io = new KernelIo[plan.steps().size()];
        for (int s = 0; s < io.length; s++) {
            Step step = plan.steps().get(s);
            io[s] = new KernelIo(pick(arrays, step.inputSlots()), pick(arrays, step.outputSlots()));
        }
        slotArrays = arrays;
        stepIo = io;
    }

    private static Object[] pick(Object[] arrays, int[] slots) {
        Object[] out = new Object[slots.length];
        for (int i = 0; i < slots.length; i++) {
            out[i] = slots[i] < 0 ? null : arrays[slots[i]];
        }
        return out;
    }
}
