package io.lockstep.vm;

import io.lockstep.vm.internal.ChicoryAssertions;
import io.lockstep.vm.internal.ContractCall;
import io.lockstep.vm.internal.DeployPipeline;
import io.lockstep.vm.internal.ExecutionThreads;
import io.lockstep.vm.internal.ModelCache;
import io.lockstep.vm.internal.ModuleRejectedException;
import io.lockstep.vm.internal.PreparedModule;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The deterministic contract VM: deploys WebAssembly modules through the admission and instrumentation
 * pipeline, keeps them by code hash (compiled once), and runs calls on big-stack execution threads.
 *
 * <p>Every call gets a fresh instance. Results, fuel used and traps are identical on both engines, on
 * every JDK from 17 and on every CPU, because all of the behaviour that could differ is decided by code
 * injected into the module at deploy time.
 */
public final class ContractVm implements AutoCloseable {

    /** The export a contract call runs: no parameters, no results; input and output go through the host ABI. */
    public static final String CALL_EXPORT = "call";

    /**
     * The constructor export: if a module has one (it must be {@code () -> ()}), a deploy runs it once, with
     * the deploy's constructor input ({@link DeployData}) as its input.
     */
    public static final String DEPLOY_EXPORT = "deploy";

    /** Why a deploy fails whose constructor input is not empty while its module has no constructor. */
    public static final String INPUT_WITHOUT_CONSTRUCTOR =
            "constructor arguments given but the module has no deploy export";

    private static final Logger LOG = LoggerFactory.getLogger(ContractVm.class);

    static {
        ChicoryAssertions.keepOff();
    }

    private final VmConfig config;
    private final ModelCache models;
    private final DeployPipeline pipeline;
    private final ExecutionThreads threads;
    private final Map<CodeHash, PreparedModule> codes = new ConcurrentHashMap<>();

    /** A VM whose contracts see no registered models. */
    public ContractVm(VmConfig config) {
        this(config, ModelRegistry.empty());
    }

    /**
     * A VM whose contracts load models from {@code models} through {@code wasi_ephemeral_nn} (admitted
     * when {@code config.costs()} prices inference).
     */
    public ContractVm(VmConfig config, ModelRegistry models) {
        this.config = Objects.requireNonNull(config, "config");
        this.models = new ModelCache(Objects.requireNonNull(models, "models"), config.workers());
        this.pipeline = DeployPipeline.forContracts(config);
        this.threads = new ExecutionThreads(config.workers(), config.workerStackBytes(), config.watchdog());
    }

    public VmConfig config() {
        return config;
    }

    /**
     * Runs a module through the deploy pipeline and keeps it by its code hash. {@code wasm} is the module
     * alone: a deploy's data is split first ({@link DeployData#split}), and a module with bytes after its
     * {@value DeployData#END_SECTION} section is refused.
     */
    public DeployResult deploy(byte[] wasm) {
        Objects.requireNonNull(wasm, "wasm");
        CodeHash hash = CodeHash.of(wasm);
        PreparedModule known = codes.get(hash);
        if (known != null) {
            return new DeployResult.Deployed(known);
        }
        try {
            PreparedModule prepared = pipeline.prepare(wasm);
            PreparedModule previous = codes.putIfAbsent(hash, prepared);
            LOG.debug("deployed code={} size={} instrumented={}", hash, wasm.length, prepared.instrumentedSize());
            return new DeployResult.Deployed(previous != null ? previous : prepared);
        } catch (ModuleRejectedException e) {
            return new DeployResult.Rejected(e.reason(), e.getMessage());
        }
    }

    /** Code deployed earlier, by hash. */
    public Optional<DeployedCode> code(CodeHash hash) {
        return Optional.ofNullable(codes.get(hash));
    }

    /**
     * Calls {@code export} of a module with numeric arguments and no chain context (zero addresses, block
     * 0, empty input, throwaway storage). For probing modules from the command line and for tests.
     *
     * @throws IllegalArgumentException when the export does not exist or the arguments do not fit it
     */
    public CallOutcome invoke(DeployedCode code, String export, List<WasmValue> args, long fuel, Engine engine) {
        return invoke(code, export, args, CallContext.empty(new InMemoryContractStorage()), fuel, engine);
    }

    /** Calls {@code export} in a full call context; storage writes reach {@code context.storage()} only on success. */
    public CallOutcome invoke(
            DeployedCode code, String export, List<WasmValue> args, CallContext context, long fuel, Engine engine) {
        return run(code, export, args, context, models, fuel, engine);
    }

    /**
     * Calls {@code export} with {@code wasi_ephemeral_nn} loads answered by {@code registry} instead of the
     * VM's: a node passes the registry of the state the call executes against (models registered earlier in
     * the same block included), while prepared models are still shared by hash.
     */
    public CallOutcome invoke(
            DeployedCode code,
            String export,
            List<WasmValue> args,
            CallContext context,
            ModelRegistry registry,
            long fuel,
            Engine engine) {
        Objects.requireNonNull(registry, "registry");
        return run(code, export, args, context, models.withRegistry(registry), fuel, engine);
    }

    /** A contract call ({@link #call(DeployedCode, CallContext, long, Engine)}) against {@code registry}. */
    public CallOutcome call(DeployedCode code, CallContext context, ModelRegistry registry, long fuel, Engine engine) {
        return invoke(code, CALL_EXPORT, List.of(), context, registry, fuel, engine);
    }

    private CallOutcome run(
            DeployedCode code,
            String export,
            List<WasmValue> args,
            CallContext context,
            ModelCache models,
            long fuel,
            Engine engine) {
        Objects.requireNonNull(export, "export");
        Objects.requireNonNull(args, "args");
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(engine, "engine");
        if (fuel < 0) {
            throw new IllegalArgumentException("fuel must not be negative");
        }
        PreparedModule prepared = prepared(code);
        return threads.run(
                () -> ContractCall.run(prepared, engine, export, args, context, config.costs(), models, fuel));
    }

    /**
     * Runs the constructor ({@value #DEPLOY_EXPORT}) of code just installed at {@code context.self()}, with
     * the deploy's constructor input as {@code context.input()} and models from {@code registry}. Storage
     * writes reach {@code context.storage()} only on success. Return data is dropped: a deploy returns
     * none.
     *
     * @throws IllegalArgumentException when the code has no constructor ({@link DeployedCode#hasConstructor})
     */
    public CallOutcome construct(
            DeployedCode code, CallContext context, ModelRegistry registry, long fuel, Engine engine) {
        Objects.requireNonNull(registry, "registry");
        return construct(code, context, models.withRegistry(registry), fuel, engine);
    }

    /** A constructor run ({@link #construct(DeployedCode, CallContext, ModelRegistry, long, Engine)}) against the VM's models. */
    public CallOutcome construct(DeployedCode code, CallContext context, long fuel, Engine engine) {
        return construct(code, context, models, fuel, engine);
    }

    private CallOutcome construct(DeployedCode code, CallContext context, ModelCache models, long fuel, Engine engine) {
        Objects.requireNonNull(code, "code");
        if (!code.hasConstructor()) {
            throw new IllegalArgumentException("the module has no " + DEPLOY_EXPORT + " export");
        }
        CallOutcome outcome = run(code, DEPLOY_EXPORT, List.of(), context, models, fuel, engine);
        if (outcome instanceof CallOutcome.Success s) {
            return new CallOutcome.Success(s.fuelUsed(), s.results(), new byte[0], s.logs(), s.inferences());
        }
        return outcome;
    }

    /** A contract call: runs the {@value #CALL_EXPORT} export with the context's input. */
    public CallOutcome call(DeployedCode code, CallContext context, long fuel, Engine engine) {
        return invoke(code, CALL_EXPORT, List.of(), context, fuel, engine);
    }

    /**
     * Prepares the model registered under {@code hash} now rather than at the first load, and says what
     * contracts will find: a node calls this when a model is registered. Preparing is local work that
     * changes no call's result or fuel; it only spares the first call the wait.
     */
    public ModelStatus prepareModel(ModelHash hash) {
        Objects.requireNonNull(hash, "hash");
        return models.prepare(hash, config.costs());
    }

    /**
     * Prepares ONNX bytes before they are registered and says what contracts would find once they are, so
     * that a node can refuse a model no contract could run before it changes state. The prepared model is
     * kept, so the first call after the registration does not wait for it either.
     */
    public ModelStatus prepareModel(byte[] onnxModel) {
        Objects.requireNonNull(onnxModel, "onnxModel");
        return models.prepare(onnxModel.clone(), config.costs());
    }

    private PreparedModule prepared(DeployedCode code) {
        if (!(code instanceof PreparedModule)) {
            throw new IllegalArgumentException("code must come from ContractVm.deploy");
        }
        return (PreparedModule) code;
    }

    @Override
    public void close() {
        threads.close();
    }
}
