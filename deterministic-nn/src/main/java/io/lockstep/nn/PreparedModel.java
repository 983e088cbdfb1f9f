package io.lockstep.nn;

import io.lockstep.nn.internal.graph.ExecutionPlan;
import io.lockstep.nn.internal.graph.GraphPlanner;
import io.lockstep.nn.internal.graph.GraphRunner;
import io.lockstep.nn.internal.kernel.StandardOperators;
import java.util.List;
import java.util.Map;

/**
 * A model prepared once for many runs: every shape resolved, constant sub-graphs folded, buffers
 * planned, the fuel of a run known ({@link #cost()}) before anything runs. Runs are serialized on the
 * instance; prepare one instance per concurrent caller if needed.
 */
public final class PreparedModel {
    /** The kernel set: names the numerics of every operator (docs/spec/nn.md). A chain rule. */
    public static final String KERNEL_SET = "nn-2";

    private final ExecutionPlan plan;
    private final GraphRunner runner;

    private PreparedModel(ExecutionPlan plan) {
        this.plan = plan;
        this.runner = new GraphRunner(plan);
    }

    public static PreparedModel prepare(OnnxModel model) {
        return prepare(model, PrepareOptions.DEFAULT);
    }

    /** Prepares a model or throws {@link NnException} saying why it cannot run. */
    public static PreparedModel prepare(OnnxModel model, PrepareOptions options) {
        return new PreparedModel(GraphPlanner.plan(model, options, StandardOperators.registry()));
    }

    /** Parses and prepares serialized ONNX bytes. */
    public static PreparedModel prepare(byte[] onnxBytes, PrepareOptions options) {
        return prepare(OnnxModel.parse(onnxBytes, options.limits()), options);
    }

    /** The fuel every run uses, known before running. */
    public long cost() {
        return plan.cost();
    }

    /** The inputs a run takes (graph inputs that are neither initializers nor bound to constants). */
    public List<TensorSpec> inputs() {
        return plan.inputs();
    }

    public List<TensorSpec> outputs() {
        return plan.outputs();
    }

    /** Number of nodes that run (after folding constants and dropping nodes no output needs). */
    public int stepCount() {
        return plan.stepCount();
    }

    /** Bytes of the buffers a run uses (inputs, intermediates, outputs). */
    public long bufferBytes() {
        return plan.bufferBytes();
    }

    /** Runs on the calling thread. */
    public RunResult run(Map<String, Tensor> inputs) {
        return run(inputs, null);
    }

    /** Runs with the given threads (null: the calling thread only). Same bits for any thread count. */
    public synchronized RunResult run(Map<String, Tensor> inputs, NnThreads threads) {
        Map<String, Tensor> outputs = runner.run(inputs, threads == null ? null : threads.pool());
        return new RunResult(outputs, plan.cost());
    }
}
