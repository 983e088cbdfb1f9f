package io.lockstep.vm;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Models held in memory; for tests and local runs. Safe to use from several threads. */
public final class InMemoryModelRegistry implements ModelRegistry {

    private final Map<ModelHash, byte[]> models = new ConcurrentHashMap<>();
    private final Map<String, ModelHash> names = new ConcurrentHashMap<>();

    /** Registers ONNX bytes under their hash (again: no change) and returns the hash. */
    public ModelHash register(byte[] onnxModel) {
        ModelHash hash = ModelHash.of(onnxModel);
        models.putIfAbsent(hash, onnxModel.clone());
        return hash;
    }

    /** Registers ONNX bytes and points {@code name} at them. */
    public ModelHash register(String name, byte[] onnxModel) {
        ModelHash hash = register(onnxModel);
        name(name, hash);
        return hash;
    }

    /** Points {@code name} at a registered model (replacing what it pointed at). */
    public void name(String name, ModelHash hash) {
        Objects.requireNonNull(name, "name");
        if (!models.containsKey(hash)) {
            throw new IllegalArgumentException("no model registered under " + hash);
        }
        names.put(name, hash);
    }

    @Override
    public Optional<byte[]> model(ModelHash hash) {
        byte[] bytes = models.get(hash);
        return bytes == null ? Optional.empty() : Optional.of(bytes.clone());
    }

    @Override
    public boolean contains(ModelHash hash) {
        return models.containsKey(hash);
    }

    @Override
    public Optional<ModelHash> resolve(String name) {
        return Optional.ofNullable(names.get(name));
    }
}
