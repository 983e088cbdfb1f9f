package io.lockstep.vm.internal;

import io.lockstep.nn.Tensor;
import io.lockstep.vm.InferenceRecord;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code wasi_ephemeral_nn} state of one contract call: the graphs it loaded and the execution
 * contexts it made, addressed by handles that count from 0 in the order of creation. Dropped with the
 * call.
 */
final class InferenceSession {

    /** One {@code init_execution_context}: the inputs set so far and the outputs of the last compute. */
    static final class Context {
        final ModelPool model;
        final Tensor[] inputs;
        List<Tensor> outputs;

        Context(ModelPool model) {
            this.model = model;
            this.inputs = new Tensor[model.inputs().size()];
        }
    }

    final ModelCache models;
    private final List<ModelPool> graphs = new ArrayList<>();
    private final List<Context> contexts = new ArrayList<>();
    private final List<InferenceRecord> records = new ArrayList<>();
    private long inputBytes;

    InferenceSession(ModelCache models) {
        this.models = models;
    }

    int graphCount() {
        return graphs.size();
    }

    int addGraph(ModelPool model) {
        graphs.add(model);
        return graphs.size() - 1;
    }

    /** The graph with handle {@code handle} (an unsigned 32-bit value), or null. */
    ModelPool graph(long handle) {
        return handle < graphs.size() ? graphs.get((int) handle) : null;
    }

    int contextCount() {
        return contexts.size();
    }

    int addContext(Context context) {
        contexts.add(context);
        return contexts.size() - 1;
    }

    Context context(long handle) {
        return handle < contexts.size() ? contexts.get((int) handle) : null;
    }

    /** Records a successful {@code compute}. */
    void addRecord(InferenceRecord record) {
        records.add(record);
    }

    /** The inferences this call ran so far, in the order it ran them. */
    List<InferenceRecord> records() {
        return List.copyOf(records);
    }

    /** Bytes of input tensors set in this call so far, replaced ones included. */
    long inputBytes() {
        return inputBytes;
    }

    void addInputBytes(long bytes) {
        inputBytes += bytes;
    }
}
