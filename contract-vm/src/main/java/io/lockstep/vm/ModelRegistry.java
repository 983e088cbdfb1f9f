package io.lockstep.vm;

import java.util.Optional;

/**
 * The models registered on chain, as contracts see them through {@code wasi_ephemeral_nn}: ONNX bytes
 * by their {@link ModelHash}, and names that point at hashes. A port: the node implements it over its
 * state, tests and local runs use {@link InMemoryModelRegistry}.
 *
 * <p>Answers are chain state: every validator executing the same call must get the same answers, so an
 * implementation reads the state the call executes against, never a newer or local one. The bytes under
 * a hash never change (the VM caches what it prepares from them by hash); a name may be pointed at
 * another hash between calls.
 */
public interface ModelRegistry {

    /** The serialized ONNX model registered under {@code hash}, whose SHA-256 must be {@code hash}. */
    Optional<byte[]> model(ModelHash hash);

    /** Whether a model is registered under {@code hash}; the VM asks this on every load. */
    default boolean contains(ModelHash hash) {
        return model(hash).isPresent();
    }

    /** The hash the registered {@code name} points at. */
    Optional<ModelHash> resolve(String name);

    /** A registry with no models: every load answers {@code not_found}. */
    static ModelRegistry empty() {
        return new ModelRegistry() {
            @Override
            public Optional<byte[]> model(ModelHash hash) {
                return Optional.empty();
            }

            @Override
            public Optional<ModelHash> resolve(String name) {
                return Optional.empty();
            }
        };
    }
}
