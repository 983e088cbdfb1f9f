package io.lockstep.node.execution;

import io.lockstep.core.chain.Hash32;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.state.StateReader;
import io.lockstep.vm.ModelHash;
import io.lockstep.vm.ModelRegistry;
import java.util.Arrays;
import java.util.Optional;

/** The models registered in a state, as contracts load them through {@code wasi_ephemeral_nn}. */
public final class StateModelRegistry implements ModelRegistry {

    private final StateReader state;

    public StateModelRegistry(StateReader state) {
        this.state = state;
    }

    @Override
    public Optional<byte[]> model(ModelHash hash) {
        return Optional.ofNullable(state.get(StateKeys.model(Hash32.of(hash.bytes()))));
    }

    @Override
    public boolean contains(ModelHash hash) {
        return state.get(StateKeys.modelRecord(Hash32.of(hash.bytes()))) != null;
    }

    @Override
    public Optional<ModelHash> resolve(String name) {
        byte[] hash = state.get(StateKeys.modelName(name));
        return hash == null ? Optional.empty() : Optional.of(ModelHash.fromBytes(Arrays.copyOf(hash, 32)));
    }
}
