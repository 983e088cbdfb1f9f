package io.lockstep.vm;

import io.lockstep.nn.TensorSpec;
import java.util.List;
import java.util.Objects;

/**
 * What contracts will find under a model hash, as {@link ContractVm#prepareModel} reports it: a model
 * ready to run, one the engine refuses (with the {@code nn_errno} a contract's load would get), or none.
 * A node asks when a model is registered, so that it can refuse a model no contract could run and so that
 * the first call that loads it does not pay the wait for its preparation.
 */
public sealed interface ModelStatus {

    ModelHash hash();

    /**
     * Prepared and kept in the VM's model cache.
     *
     * @param inferenceCost the engine's cost of one run ({@code PreparedModel.cost()})
     * @param computeFuel the contract fuel {@code compute} charges for it under the VM's cost table
     */
    record Ready(
            ModelHash hash, long inferenceCost, long computeFuel, List<TensorSpec> inputs, List<TensorSpec> outputs)
            implements ModelStatus {
        public Ready {
            Objects.requireNonNull(hash, "hash");
            inputs = List.copyOf(inputs);
            outputs = List.copyOf(outputs);
        }
    }

    /**
     * The engine refuses the model.
     *
     * @param errno the {@code nn_errno} name a contract's {@code load} returns, e.g. {@code
     *     unsupported_operation}
     * @param code the engine's error code, an {@code NnErrorCode} name such as {@code UNSUPPORTED_OPERATOR}:
     *     fixed words, fit for results that validators must agree on
     * @param message what is wrong, naming the operator, node or limit, in the engine's own words, which
     *     may change between versions: for people, never for consensus results
     */
    record Refused(ModelHash hash, String errno, String code, String message) implements ModelStatus {
        public Refused {
            Objects.requireNonNull(hash, "hash");
            Objects.requireNonNull(errno, "errno");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
        }
    }

    /** No model is registered under the hash. */
    record NotFound(ModelHash hash) implements ModelStatus {
        public NotFound {
            Objects.requireNonNull(hash, "hash");
        }
    }
}
