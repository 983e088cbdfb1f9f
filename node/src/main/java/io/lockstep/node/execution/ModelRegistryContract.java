package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.StrictUtf8;
import io.lockstep.node.state.ModelRecord;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.state.WorldState;
import io.lockstep.vm.ContractVm;
import io.lockstep.vm.ModelStatus;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The system contract through which transactions register ONNX models: {@code registerModel(string name,
 * bytes model)} at {@link #ADDRESS}, callable with any Ethereum tool from its ABI. The model is stored by
 * its SHA-256 hash; a non-empty name then points at it, and only the account that first claimed a name may
 * point it elsewhere. A model the inference engine refuses is refused here, with the engine's error codes
 * as the reason, so that no registered model is one no contract could run. Emits {@code ModelRegistered(bytes32 indexed
 * modelHash, address indexed registrant, string name)} and returns the hash.
 */
public final class ModelRegistryContract {

    private static final Logger LOG = LoggerFactory.getLogger(ModelRegistryContract.class);

    /** Where the registry lives: {@code 0x…0100}. */
    public static final Address ADDRESS = Address.fromHex("0x0000000000000000000000000000000000000100");

    public static final String REGISTER_SIGNATURE = "registerModel(string,bytes)";
    static final byte[] REGISTER_SELECTOR = AbiCodec.selector(REGISTER_SIGNATURE);

    /** The topic of {@code ModelRegistered(bytes32,address,string)}. */
    public static final Hash32 REGISTERED_TOPIC =
            Hash32.keccak256("ModelRegistered(bytes32,address,string)".getBytes(StandardCharsets.US_ASCII));

    /** The largest model a transaction may register. */
    public static final int MAX_MODEL_BYTES = 16 << 20;

    /** Names: 1–64 characters of letters, digits, dot, dash and underscore. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * What one {@code ModelRegistered} log says: the model's hash, the account that sent the registration,
     * and the name it was registered under (empty when none).
     */
    public record Registered(Hash32 model, Address registrant, String name) {}

    private final ContractVm vm;

    ModelRegistryContract(ContractVm vm) {
        this.vm = vm;
    }

    /**
     * Runs one registration in {@code state} (the transaction's layer).
     *
     * @param gasAvailable gas left after the intrinsic gas
     */
    BodyResult execute(
            WorldState state, Address sender, byte[] data, boolean carriesValue, long gasAvailable, long height) {
        if (carriesValue) {
            return BodyResult.reverted(0, "the model registry does not accept value");
        }
        if (data.length < 4 || !Arrays.equals(Arrays.copyOf(data, 4), REGISTER_SELECTOR)) {
            return BodyResult.reverted(0, "unknown function; the registry has " + REGISTER_SIGNATURE);
        }
        byte[][] args;
        String name;
        try {
            args = AbiCodec.dynamicArguments(data, 2);
            name = utf8(args[0]);
        } catch (IllegalArgumentException e) {
            return BodyResult.reverted(0, "malformed calldata: " + e.getMessage());
        }
        byte[] model = args[1];
        if (!name.isEmpty() && !NAME.matcher(name).matches()) {
            return BodyResult.reverted(0, "model names are 1-64 of A-Z a-z 0-9 . _ -");
        }
        if (model.length == 0 || model.length > MAX_MODEL_BYTES) {
            return BodyResult.reverted(0, "a model is 1 to " + MAX_MODEL_BYTES + " bytes");
        }
        long gas = (long) model.length * ChainRules.MODEL_BYTE_GAS;
        if (gas > gasAvailable) {
            return BodyResult.failure(gasAvailable, 0, new byte[0], "out of gas");
        }
        ModelStatus status = vm.prepareModel(model);
        if (status instanceof ModelStatus.Refused refused) {
            // The reason is part of the receipt, so it is made of fixed codes only: the engine's own words
            // may change between versions. `lockstep nn run` on the model prints them.
            LOG.debug("model={} refused code={} reason={}", refused.hash(), refused.code(), refused.message());
            return BodyResult.reverted(gas, "model refused: " + refused.errno() + " (" + refused.code() + ")");
        }
        if (!(status instanceof ModelStatus.Ready)) {
            throw new IllegalStateException("preparing given model bytes found no model: " + status);
        }
        Hash32 hash = Hash32.of(status.hash().bytes());
        if (!name.isEmpty()) {
            byte[] claimed = state.get(StateKeys.modelName(name));
            if (claimed != null
                    && !Address.of(Arrays.copyOfRange(claimed, 32, 52)).equals(sender)) {
                return BodyResult.reverted(gas, "the name '" + name + "' belongs to another account");
            }
            state.put(StateKeys.modelName(name), nameValue(hash, sender));
        }
        if (state.get(StateKeys.modelRecord(hash)) == null) {
            state.put(StateKeys.model(hash), model);
            state.put(StateKeys.modelRecord(hash), new ModelRecord(sender, height, model.length, name).encode());
        }
        Log registered = new Log(
                ADDRESS,
                List.of(REGISTERED_TOPIC, hash, Hash32.of(leftPad(sender.bytes()))),
                AbiCodec.encodeDynamic(name.getBytes(StandardCharsets.UTF_8)));
        return BodyResult.success(gas, 0, hash.bytes(), List.of(registered));
    }

    /**
     * The registration {@code log} records, when it is a {@code ModelRegistered} log of this contract. Only
     * the registry emits logs from its address, so no contract can forge one.
     */
    public static Optional<Registered> registered(Log log) {
        List<Hash32> topics = log.topics();
        if (!log.address().equals(ADDRESS)
                || topics.size() != 3
                || !topics.get(0).equals(REGISTERED_TOPIC)) {
            return Optional.empty();
        }
        byte[] data = log.data();
        if (data.length < 64) {
            return Optional.empty();
        }
        for (int i = 32; i < 60; i++) {
            if (data[i] != 0) {
                return Optional.empty();
            }
        }
        int length = ByteBuffer.wrap(data, 60, 4).getInt();
        if (length < 0 || length > data.length - 64) {
            return Optional.empty();
        }
        try {
            String name = utf8(Arrays.copyOfRange(data, 64, 64 + length));
            Address registrant = Address.of(Arrays.copyOfRange(topics.get(2).bytes(), 12, 32));
            return Optional.of(new Registered(topics.get(1), registrant, name));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** A name's state value: the model hash (what contracts resolve) and the account that owns the name. */
    private static byte[] nameValue(Hash32 hash, Address owner) {
        return ByteBuffer.allocate(52).put(hash.bytes()).put(owner.bytes()).array();
    }

    private static byte[] leftPad(byte[] address) {
        byte[] word = new byte[32];
        System.arraycopy(address, 0, word, 12, 20);
        return word;
    }

    private static String utf8(byte[] bytes) {
        try {
            return StrictUtf8.decode(bytes);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the name is not UTF-8");
        }
    }
}
