package io.lockstep.vm.internal;

import io.lockstep.nn.NnException;
import io.lockstep.nn.OnnxModel;
import io.lockstep.nn.PrepareOptions;
import io.lockstep.vm.CostTable;
import io.lockstep.vm.ModelHash;
import io.lockstep.vm.ModelRegistry;
import io.lockstep.vm.ModelStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Models as contracts load them: resolved through the chain's {@link ModelRegistry}, prepared once per
 * hash and kept (the most recently used {@value #MAX_MODELS}), with the engine's refusal kept too, since
 * preparing the same bytes always ends the same way. What is cached is local and never changes a result:
 * whether a model exists is asked of the registry on every load.
 */
public final class ModelCache {

    /** The engine's chain rules for contract inference: limits and prices of deterministic-nn version 1. */
    static final PrepareOptions OPTIONS = PrepareOptions.DEFAULT;

    /** Prepared models kept in memory; a local bound, not a chain rule. */
    static final int MAX_MODELS = 32;

    private static final Logger LOG = LoggerFactory.getLogger(ModelCache.class);

    /** A load's answer: the model, or the errno the contract gets. */
    sealed interface Lookup permits Found, Refused {}

    record Found(ModelPool model) implements Lookup {}

    /**
     * @param code the engine's error code ({@code NnErrorCode} name, or {@code NOT_FOUND}): fixed words,
     *     unlike {@code message}
     */
    record Refused(NnErrno errno, String code, String message) implements Lookup {
        static Refused notFound(String message) {
            return new Refused(NnErrno.NOT_FOUND, "NOT_FOUND", message);
        }
    }

    private final ModelRegistry registry;
    private final int instancesPerModel;
    /** Shared by every view of this cache (see {@link #withRegistry}): preparations are the same for all. */
    private final Map<ModelHash, Slot> slots;

    /**
     * @param instancesPerModel prepared instances kept per model: the number of threads that run
     *     contracts, so that concurrent calls of one model never wait for each other
     */
    public ModelCache(ModelRegistry registry, int instancesPerModel) {
        this.registry = Objects.requireNonNull(registry, "registry");
        if (instancesPerModel < 1) {
            throw new IllegalArgumentException("at least one instance per model");
        }
        this.instancesPerModel = instancesPerModel;
        this.slots = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<ModelHash, Slot> eldest) {
                return size() > MAX_MODELS;
            }
        };
    }

    private ModelCache(ModelCache shared, ModelRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.instancesPerModel = shared.instancesPerModel;
        this.slots = shared.slots;
    }

    /**
     * A view that answers loads from {@code registry} but shares this cache's prepared models: a node gives
     * each call the registry of the state it executes against, while preparing each model only once.
     */
    public ModelCache withRegistry(ModelRegistry registry) {
        return registry == this.registry ? this : new ModelCache(this, registry);
    }

    /** A cache over a registry with no models. */
    public static ModelCache empty() {
        return new ModelCache(ModelRegistry.empty(), 1);
    }

    Lookup byName(String name) {
        Optional<ModelHash> hash = registry.resolve(name);
        if (hash.isEmpty()) {
            return Refused.notFound("no model is registered under the name '" + name + "'");
        }
        return byHash(hash.get());
    }

    Lookup byHash(ModelHash hash) {
        if (!registry.contains(hash)) {
            return Refused.notFound("no model is registered under " + hash);
        }
        return slot(hash).lookup(registry, Optional.empty());
    }

    /**
     * Prepares the model under {@code hash} now, as a later load would, and says what contracts will find;
     * {@code costs} converts the engine's cost into the fuel {@code compute} charges.
     */
    public ModelStatus prepare(ModelHash hash, CostTable costs) {
        return status(hash, byHash(hash), costs);
    }

    /**
     * Prepares ONNX bytes that are about to be registered and keeps the result under their hash, so that a
     * registration can be refused before it changes state. Loads still find the model only once the
     * registry has it.
     */
    public ModelStatus prepare(byte[] onnxModel, CostTable costs) {
        ModelHash hash = ModelHash.of(onnxModel);
        return status(hash, slot(hash).lookup(registry, Optional.of(onnxModel)), costs);
    }

    private static ModelStatus status(ModelHash hash, Lookup lookup, CostTable costs) {
        if (lookup instanceof Found found) {
            ModelPool pool = found.model();
            return new ModelStatus.Ready(
                    hash, pool.cost(), costs.inferenceFuel(pool.cost()), pool.inputs(), pool.outputs());
        }
        Refused refused = (Refused) lookup;
        if (refused.errno() == NnErrno.NOT_FOUND) {
            return new ModelStatus.NotFound(hash);
        }
        return new ModelStatus.Refused(hash, refused.errno().witxName(), refused.code(), refused.message());
    }

    private Slot slot(ModelHash hash) {
        synchronized (slots) {
            return slots.computeIfAbsent(hash, h -> new Slot(h, instancesPerModel));
        }
    }

    /** One model's preparation, done by the first load that needs it while later loads wait for it. */
    private static final class Slot {
        private final ModelHash hash;
        private final int instancesPerModel;
        private Lookup lookup;

        Slot(ModelHash hash, int instancesPerModel) {
            this.hash = hash;
            this.instancesPerModel = instancesPerModel;
        }

        /**
         * @param registry the asking view's registry, read for the bytes when {@code given} is empty
         * @param given the model's bytes when the caller has them
         */
        synchronized Lookup lookup(ModelRegistry registry, Optional<byte[]> given) {
            if (lookup != null) {
                return lookup;
            }
            Lookup result = prepare(given.isPresent() ? given : registry.model(hash));
            // A model missing now may be registered by a later block: only outcomes of preparing are kept.
            if (!(result instanceof Refused refused && refused.errno() == NnErrno.NOT_FOUND)) {
                lookup = result;
            }
            return result;
        }

        private Lookup prepare(Optional<byte[]> bytes) {
            if (bytes.isEmpty()) {
                return Refused.notFound("no model is registered under " + hash);
            }
            if (!ModelHash.of(bytes.get()).equals(hash)) {
                // The registry is chain state; bytes that do not match their hash mean it is corrupt.
                throw new IllegalStateException("the model registry returned bytes that do not hash to " + hash);
            }
            try {
                OnnxModel model = OnnxModel.parse(bytes.get(), OPTIONS.limits());
                ModelPool pool = new ModelPool(hash, model, OPTIONS, instancesPerModel);
                LOG.debug("prepared model={} cost={}", hash, pool.cost());
                return new Found(pool);
            } catch (NnException e) {
                LOG.debug("model={} refused: {}", hash, e.getMessage());
                return new Refused(NnErrno.of(e.code()), e.code().name(), e.getMessage());
            }
        }
    }
}
