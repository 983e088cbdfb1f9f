package io.lockstep.vm;

import java.util.List;
import java.util.Objects;

/**
 * One inference a contract call ran: a successful {@code compute} of WASI-NN, with the model it ran, the
 * tensors it read and wrote (as digests, not values) and the fuel the model's run was charged. The chain
 * keeps these beside the call's receipt so that anyone can see which model answered a call and check an
 * output against the engine run on the same inputs.
 *
 * @param model the registered model's hash
 * @param inputs the input tensors, in the model's input order
 * @param outputs the output tensors, in the model's output order
 * @param fuel the fuel charged for the run ({@code compute}'s charge, not the host calls around it)
 */
public record InferenceRecord(ModelHash model, List<TensorDigest> inputs, List<TensorDigest> outputs, long fuel) {

    public InferenceRecord {
        Objects.requireNonNull(model, "model");
        inputs = List.copyOf(inputs);
        outputs = List.copyOf(outputs);
        if (fuel < 0) {
            throw new IllegalArgumentException("fuel must not be negative: " + fuel);
        }
    }
}
