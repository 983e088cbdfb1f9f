package io.lockstep.vm.local;

import io.lockstep.vm.CallContext;
import io.lockstep.vm.CallOutcome;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.DeployData;
import io.lockstep.vm.DeployResult;
import io.lockstep.vm.DeployedCode;
import io.lockstep.vm.Engine;
import io.lockstep.vm.InMemoryContractStorage;
import io.lockstep.vm.InMemoryModelRegistry;
import io.lockstep.vm.ModelHash;
import io.lockstep.vm.ModelStatus;
import io.lockstep.vm.VmConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A chain in memory for contract tests, in the manner of cw-multi-test or near-workspaces: contracts are
 * deployed through the VM's real deploy pipeline and called on the real VM, with one in-memory storage
 * per contract, a block height and time the test controls, and ONNX models registered by name for
 * {@code wasi_ephemeral_nn}. A deploy runs the module's constructor, as a chain does.
 *
 * <p>By default every call runs on both engines, the interpreter against a copy of the storage, and the
 * chain throws {@link EnginesDisagree} unless the outcomes, fuel, return data, logs and resulting
 * storage are identical: validators may run either engine, so a contract whose result depends on it is a
 * consensus bug worth finding in its tests. {@link #onEngine(Engine)} runs one engine only.
 *
 * <p>Contract addresses are assigned in deployment order, {@code 0x…1000}, {@code 0x…1001} and so on; a
 * node derives them from the deployer and nonce instead. Not thread-safe.
 */
public final class LocalChain implements AutoCloseable {

    /** The caller used when a call names none: {@code 0xcaca…ca}. */
    public static final byte[] DEFAULT_CALLER = filled(0xCA);

    /** Fuel given to a call that names none: as much as a block would allow. */
    public static final long DEFAULT_FUEL = 1_000_000_000L;

    private static final HexFormat HEX = HexFormat.of();
    private static final long FIRST_ADDRESS = 0x1000;

    private final InMemoryModelRegistry models = new InMemoryModelRegistry();
    private final ContractVm vm;
    private final Engine onlyEngine;
    private final Map<String, Deployed> contracts = new LinkedHashMap<>();
    private long blockHeight = 1;
    private long blockTimeSeconds = 1_700_000_000L;

    /** A chain with the default VM configuration that runs every call on both engines. */
    public LocalChain() {
        this(VmConfig.DEFAULT, null);
    }

    private LocalChain(VmConfig config, Engine onlyEngine) {
        this.vm = new ContractVm(config, models);
        this.onlyEngine = onlyEngine;
    }

    /** A chain with {@code config} that runs every call on both engines. */
    public static LocalChain withConfig(VmConfig config) {
        return new LocalChain(Objects.requireNonNull(config, "config"), null);
    }

    /** A chain with the default configuration that runs every call on {@code engine} only. */
    public static LocalChain onEngine(Engine engine) {
        return new LocalChain(VmConfig.DEFAULT, Objects.requireNonNull(engine, "engine"));
    }

    /** The VM the chain runs, for what this class does not cover. */
    public ContractVm vm() {
        return vm;
    }

    /** A contract on this chain. */
    public record Contract(byte[] address, DeployedCode code) {
        public Contract {
            address = address.clone();
        }

        @Override
        public byte[] address() {
            return address.clone();
        }

        /** The address as {@code 0x}-prefixed lowercase hex. */
        public String hexAddress() {
            return "0x" + HEX.formatHex(address);
        }
    }

    /**
     * Deploys {@code data} as a deploy transaction carries it, from {@link #DEFAULT_CALLER} with no value and
     * {@link #DEFAULT_FUEL} for the constructor: see {@link #deploy(byte[], Call)}.
     */
    public Contract deploy(byte[] data) {
        return deploy(data, Call.DEFAULT);
    }

    /**
     * Deploys {@code data} as a deploy transaction carries it: a module, and after its {@value
     * DeployData#END_SECTION} section, if it has one, the constructor input ({@link DeployData}). The module
     * goes through the VM's deploy pipeline; if it exports {@value ContractVm#DEPLOY_EXPORT}, that runs once
     * with the constructor input, {@code call}'s caller, value and fuel, and the new contract's address and
     * storage (on both engines unless the chain was made for one).
     *
     * @throws IllegalArgumentException when the pipeline rejects the module, with its reason and message, or
     *     when there is constructor input but no constructor
     * @throws ConstructorFailed when the constructor reverts, traps or runs out of fuel; nothing is deployed
     * @throws EnginesDisagree when the engines reach different results in the constructor
     */
    public Contract deploy(byte[] data, Call call) {
        DeployData parts = DeployData.split(Objects.requireNonNull(data, "data"));
        Objects.requireNonNull(call, "call");
        DeployResult result = vm.deploy(parts.module());
        if (result instanceof DeployResult.Rejected rejected) {
            throw new IllegalArgumentException(
                    "the module was rejected (" + rejected.reason() + "): " + rejected.message());
        }
        DeployedCode code = ((DeployResult.Deployed) result).code();
        byte[] input = parts.constructorInput();
        if (input.length > 0 && !code.hasConstructor()) {
            throw new IllegalArgumentException(ContractVm.INPUT_WITHOUT_CONSTRUCTOR);
        }
        byte[] address = new byte[20];
        long n = FIRST_ADDRESS + contracts.size();
        for (int i = 0; i < 8; i++) {
            address[19 - i] = (byte) (n >>> (8 * i));
        }
        Contract contract = new Contract(address, code);
        Deployed deployed = new Deployed(contract, new InMemoryContractStorage());
        if (code.hasConstructor()) {
            CallOutcome outcome = onEngines(
                    deployed,
                    "the constructor of " + contract.hexAddress(),
                    (storage, engine) ->
                            vm.construct(code, context(deployed, input, call, storage), call.fuel, engine));
            if (!(outcome instanceof CallOutcome.Success)) {
                throw new ConstructorFailed(contract, outcome);
            }
        }
        contracts.put(HEX.formatHex(address), deployed);
        return contract;
    }

    /**
     * Deploys {@code module} with {@code constructorInput} appended, as a deploy transaction would carry
     * them ({@link #deploy(byte[], Call)}).
     *
     * @throws IllegalArgumentException when the input is not empty and the module does not end with a
     *     {@value DeployData#END_SECTION} section, so that a chain would read the input as part of the module;
     *     and as {@link #deploy(byte[], Call)} does
     */
    public Contract deploy(byte[] module, byte[] constructorInput, Call call) {
        Objects.requireNonNull(module, "module");
        Objects.requireNonNull(constructorInput, "constructorInput");
        byte[] data = Arrays.copyOf(module, module.length + constructorInput.length);
        System.arraycopy(constructorInput, 0, data, module.length, constructorInput.length);
        if (constructorInput.length > 0 && DeployData.split(data).module().length != module.length) {
            throw new IllegalArgumentException("constructor input needs a module that ends with a "
                    + DeployData.END_SECTION + " custom section (and nothing after it); otherwise a chain reads"
                    + " the input as part of the module");
        }
        return deploy(data, call);
    }

    /** Reads and deploys a built {@code .wasm} file. */
    public Contract deploy(Path wasmFile) {
        try {
            return deploy(Files.readAllBytes(wasmFile));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + wasmFile, e);
        }
    }

    /**
     * Registers ONNX bytes under {@code name} (and their hash), as a model-registration transaction would,
     * after the VM has prepared them.
     *
     * @throws IllegalArgumentException when the engine refuses the model, naming why
     */
    public ModelHash registerModel(String name, byte[] onnx) {
        Objects.requireNonNull(name, "name");
        ModelStatus status = vm.prepareModel(Objects.requireNonNull(onnx, "onnx"));
        if (status instanceof ModelStatus.Refused refused) {
            throw new IllegalArgumentException(
                    "model " + name + " refused (" + refused.errno() + "): " + refused.message());
        }
        return models.register(name, onnx);
    }

    /** Sets the block the next calls see. */
    public void setBlock(long height, long timeSeconds) {
        if (height < 0 || timeSeconds < 0) {
            throw new IllegalArgumentException("block height and time are non-negative");
        }
        this.blockHeight = height;
        this.blockTimeSeconds = timeSeconds;
    }

    /** Moves to a later block: {@code blocks} higher and {@code seconds} later. */
    public void advance(long blocks, long seconds) {
        setBlock(Math.addExact(blockHeight, blocks), Math.addExact(blockTimeSeconds, seconds));
    }

    public long blockHeight() {
        return blockHeight;
    }

    public long blockTimeSeconds() {
        return blockTimeSeconds;
    }

    /** Calls {@code contract} from {@link #DEFAULT_CALLER} with no value and {@link #DEFAULT_FUEL}. */
    public CallOutcome call(Contract contract, byte[] calldata) {
        return call(contract, calldata, Call.DEFAULT);
    }

    /** How a call is made: who calls, with what value (32 bytes, big-endian) and how much fuel. */
    public record Call(byte[] caller, byte[] value, long fuel) {
        public static final Call DEFAULT = new Call(DEFAULT_CALLER, new byte[32], DEFAULT_FUEL);

        public Call {
            caller = Objects.requireNonNull(caller, "caller").clone();
            value = Objects.requireNonNull(value, "value").clone();
            if (caller.length != 20) {
                throw new IllegalArgumentException("a caller is 20 bytes, got " + caller.length);
            }
            if (value.length != 32) {
                throw new IllegalArgumentException("a value is 32 bytes, got " + value.length);
            }
            if (fuel < 0) {
                throw new IllegalArgumentException("fuel must not be negative");
            }
        }

        public Call from(byte[] newCaller) {
            return new Call(newCaller, value, fuel);
        }

        public Call withValue(byte[] newValue) {
            return new Call(caller, newValue, fuel);
        }

        public Call withFuel(long newFuel) {
            return new Call(caller, value, newFuel);
        }

        @Override
        public byte[] caller() {
            return caller.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }
    }

    /**
     * Runs one call. Storage writes are kept only when it succeeds. On both engines unless the chain was
     * made for one.
     *
     * @throws EnginesDisagree when the interpreter and the compiler reach different results
     */
    public CallOutcome call(Contract contract, byte[] calldata, Call call) {
        Deployed deployed = deployed(contract);
        Objects.requireNonNull(calldata, "calldata");
        Objects.requireNonNull(call, "call");
        return onEngines(
                deployed,
                "a call to " + contract.hexAddress(),
                (storage, engine) -> vm.call(
                        deployed.contract.code(), context(deployed, calldata, call, storage), call.fuel, engine));
    }

    /** Runs one contract execution against a storage on an engine. */
    @FunctionalInterface
    private interface Execution {
        CallOutcome run(InMemoryContractStorage storage, Engine engine);
    }

    /**
     * Runs {@code execution} on the chain's engine, or on both (the interpreter against a copy of the
     * storage) and insists that they agree.
     */
    private CallOutcome onEngines(Deployed deployed, String what, Execution execution) {
        if (onlyEngine != null) {
            return execution.run(deployed.storage, onlyEngine);
        }
        InMemoryContractStorage copy = copy(deployed.storage);
        CallOutcome interpreted = execution.run(copy, Engine.INTERPRETER);
        CallOutcome compiled = execution.run(deployed.storage, Engine.COMPILED);
        String a = describe(compiled, deployed.storage);
        String b = describe(interpreted, copy);
        if (!a.equals(b)) {
            throw new EnginesDisagree(
                    "the engines disagree on " + what + "\n  compiled:    " + a + "\n  interpreter: " + b);
        }
        return compiled;
    }

    /** The value under {@code key} in {@code contract}'s storage, or {@code null}. */
    public byte[] storage(Contract contract, byte[] key) {
        return deployed(contract).storage.get(key);
    }

    /** Every entry of {@code contract}'s storage, keys in unsigned byte order. */
    public Map<byte[], byte[]> storage(Contract contract) {
        return deployed(contract).storage.snapshot();
    }

    /** The contracts deployed so far, in order. */
    public List<Contract> contracts() {
        List<Contract> list = new ArrayList<>();
        contracts.values().forEach(d -> list.add(d.contract));
        return list;
    }

    @Override
    public void close() {
        vm.close();
    }

    /** A constructor reverted, trapped or ran out of fuel, so that nothing was deployed. */
    public static final class ConstructorFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CallOutcome outcome;

        ConstructorFailed(Contract contract, CallOutcome outcome) {
            super("the constructor of " + contract.hexAddress() + " failed: " + summary(outcome));
            this.outcome = outcome;
        }

        /** What the constructor did: {@link CallOutcome.Reverted}, {@link CallOutcome.Trapped} or out of fuel. */
        public CallOutcome outcome() {
            return outcome;
        }

        private static String summary(CallOutcome outcome) {
            if (outcome instanceof CallOutcome.Trapped t) {
                return "trapped (" + t.kind() + ")";
            }
            if (outcome instanceof CallOutcome.Reverted r) {
                return "reverted with 0x" + HEX.formatHex(r.reason());
            }
            return "ran out of fuel (" + outcome.fuelUsed() + " units)";
        }
    }

    /** The interpreter and the compiler reached different results: a VM or contract consensus bug. */
    public static final class EnginesDisagree extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        EnginesDisagree(String message) {
            super(message);
        }
    }

    private record Deployed(Contract contract, InMemoryContractStorage storage) {}

    private Deployed deployed(Contract contract) {
        Objects.requireNonNull(contract, "contract");
        Deployed deployed = contracts.get(HEX.formatHex(contract.address));
        if (deployed == null || deployed.contract.code() != contract.code()) {
            throw new IllegalArgumentException("contract " + contract.hexAddress() + " is not on this chain");
        }
        return deployed;
    }

    private CallContext context(Deployed deployed, byte[] input, Call call, InMemoryContractStorage storage) {
        return new CallContext(
                call.caller, deployed.contract.address, call.value, blockHeight, blockTimeSeconds, input, storage);
    }

    private static InMemoryContractStorage copy(InMemoryContractStorage storage) {
        InMemoryContractStorage copy = new InMemoryContractStorage();
        storage.snapshot().forEach(copy::put);
        return copy;
    }

    /** Everything consensus depends on in an outcome and the storage after it, as text. */
    static String describe(CallOutcome outcome, InMemoryContractStorage storage) {
        StringBuilder text =
                new StringBuilder(outcome.status()).append(" fuel=").append(outcome.fuelUsed());
        if (outcome instanceof CallOutcome.Success s) {
            text.append(" results=").append(s.results());
            text.append(" return=").append(HEX.formatHex(s.returnData()));
            s.logs().forEach(log -> {
                text.append(" log[");
                log.topics().forEach(t -> text.append(HEX.formatHex(t)).append(' '));
                text.append(HEX.formatHex(log.data())).append(']');
            });
        } else if (outcome instanceof CallOutcome.Reverted r) {
            text.append(" reason=").append(HEX.formatHex(r.reason()));
        } else if (outcome instanceof CallOutcome.Trapped t) {
            text.append(" kind=").append(t.kind());
        }
        text.append(" storage={");
        storage.snapshot().forEach((k, v) -> text.append(HEX.formatHex(k))
                .append('=')
                .append(HEX.formatHex(v))
                .append(' '));
        return text.append('}').toString();
    }

    private static byte[] filled(int b) {
        byte[] bytes = new byte[20];
        Arrays.fill(bytes, (byte) b);
        return bytes;
    }
}
