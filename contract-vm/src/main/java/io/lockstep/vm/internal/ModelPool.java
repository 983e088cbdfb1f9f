package io.lockstep.vm.internal;

import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.nn.PreparedModel;
import io.lockstep.nn.RunResult;
import io.lockstep.nn.Tensor;
import io.lockstep.nn.TensorSpec;
import io.lockstep.vm.ModelHash;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.Semaphore;

/**
 * The prepared instances of one registered model. {@link PreparedModel#run} is serialized per instance
 * (its buffers are reused), so calls running the same model on different execution threads each take an
 * instance of their own. At most {@code maxInstances} exist, one per execution thread, so a run never
 * waits unless more threads than that share the pool; extra instances are prepared on first need.
 * Every instance is prepared from the same bytes with the same options, so which one a call gets never
 * changes a result.
 */
final class ModelPool {

    private final ModelHash hash;
    private final OnnxModel model;
    private final PrepareOptions options;
    private final PreparedModel description;
    private final Semaphore permits;
    private final ConcurrentLinkedDeque<PreparedModel> idle = new ConcurrentLinkedDeque<>();

    /** Prepares the first instance; throws {@code NnException} when the engine refuses the model. */
    ModelPool(ModelHash hash, OnnxModel model, PrepareOptions options, int maxInstances) {
        this.hash = hash;
        this.model = model;
        this.options = options;
        this.description = PreparedModel.prepare(model, options);
        this.permits = new Semaphore(maxInstances);
        idle.add(description);
    }

    ModelHash hash() {
        return hash;
    }

    /** The model's inference fuel per run, known before running. */
    long cost() {
        return description.cost();
    }

    List<TensorSpec> inputs() {
        return description.inputs();
    }

    List<TensorSpec> outputs() {
        return description.outputs();
    }

    /** Runs the model on an idle instance; throws {@code NnException} when the run is refused. */
    RunResult run(Map<String, Tensor> inputs) {
        permits.acquireUninterruptibly();
        try {
            PreparedModel instance = idle.pollFirst();
            if (instance == null) {
                instance = PreparedModel.prepare(model, options);
            }
            try {
                return instance.run(inputs);
            } finally {
                idle.addFirst(instance);
            }
        } finally {
            permits.release();
        }
    }
}
