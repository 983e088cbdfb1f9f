package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.Hash32;
import io.lockstep.node.chain.ChainRecords;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.CommittedState;
import io.lockstep.node.state.ModelRecord;
import io.lockstep.node.state.StateKeys;
import io.lockstep.vm.ModelStatus;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code lockstep_getModel(hashOrName, block?)}: a registered model as contracts find it in the state of
 * {@code block} (default {@code latest}): its record, the names that point at it there, its registrations,
 * and what the inference engine makes of it: inputs, outputs, the engine's cost of one run and the fuel
 * {@code compute} charges for it, or the engine's refusal. {@code null} when no model is registered under
 * that hash or name.
 */
final class LockstepGetModel implements RpcMethod {

    /** The registry's names (docs/spec/execution.md, "The model registry"). */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final ChainAccess chain;

    LockstepGetModel(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.LOCKSTEP_GET_MODEL.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1, 2);
        JsonNode model = params.raw(0);
        BlockSelector selector = BlockSelector.param(params, 1, BlockTag.Named.LATEST);
        CommittedState state = chain.state(selector);
        long height = state.version();
        Optional<Hash32> hash = resolve(params, model, state);
        if (hash.isEmpty()) {
            return null;
        }
        byte[] record = state.get(StateKeys.modelRecord(hash.get()));
        if (record == null) {
            return null;
        }
        ObjectNode out = ModelJson.record(hash.get(), ModelRecord.decode(record));
        ArrayNode registrations = out.putArray("registrations");
        Set<String> names = new LinkedHashSet<>();
        for (ChainRecords.ModelRegistration registration :
                chain.chain().records().modelRegistrations(hash.get())) {
            if (registration.height() > height) {
                continue;
            }
            Block block = chain.chain().records().block(registration.height()).orElseThrow();
            registrations
                    .addObject()
                    .put("blockNumber", Hex.quantity(registration.height()))
                    .put("transactionIndex", Hex.quantity(registration.index()))
                    .put(
                            "transactionHash",
                            block.transactions()
                                    .get(registration.index())
                                    .hash()
                                    .toHex())
                    .put("registrant", registration.registrant().toHex())
                    .put("name", registration.name());
            if (!registration.name().isEmpty() && pointsAt(state, registration.name(), hash.get())) {
                names.add(registration.name());
            }
        }
        ArrayNode namesJson = out.putArray("names");
        names.forEach(namesJson::add);
        describe(out, state, hash.get());
        return out;
    }

    /** The model's status for contracts: prepared from its bytes in this state, as a contract's load would. */
    private void describe(ObjectNode out, CommittedState state, Hash32 hash) {
        byte[] bytes = state.get(StateKeys.model(hash));
        if (bytes == null) {
            throw new IllegalStateException("model " + hash + " has a record but no bytes in the state");
        }
        ModelStatus status = chain.vm().prepareModel(bytes);
        if (status instanceof ModelStatus.Ready ready) {
            out.put("status", "ready");
            out.set("inputs", ModelJson.tensors(ready.inputs()));
            out.set("outputs", ModelJson.tensors(ready.outputs()));
            out.put("inferenceCost", Hex.quantity(ready.inferenceCost()));
            out.put("inferenceFuel", Hex.quantity(ready.computeFuel()));
        } else if (status instanceof ModelStatus.Refused refused) {
            out.put("status", "refused");
            out.put("errno", refused.errno());
            out.put("code", refused.code());
            out.put("message", refused.message());
        } else {
            throw new IllegalStateException("the engine found no model in the bytes of " + hash);
        }
    }

    /** The hash param 0 names: a 32-byte hash as is, a name through the state's name table. */
    private static Optional<Hash32> resolve(RpcParams params, JsonNode model, CommittedState state) {
        if (model.isTextual() && model.textValue().startsWith("0x")) {
            return Optional.of(Hash32.of(params.hash(0)));
        }
        if (!model.isTextual() || !NAME.matcher(model.textValue()).matches()) {
            throw RpcException.invalidParams("param 0: expected a model hash (32 bytes of 0x-prefixed hex) or a"
                    + " model name (1-64 of A-Z a-z 0-9 . _ -)");
        }
        byte[] target = state.get(StateKeys.modelName(model.textValue()));
        return target == null ? Optional.empty() : Optional.of(Hash32.of(Arrays.copyOf(target, Hash32.LENGTH)));
    }

    private static boolean pointsAt(CommittedState state, String name, Hash32 hash) {
        byte[] target = state.get(StateKeys.modelName(name));
        return target != null && Arrays.equals(Arrays.copyOf(target, Hash32.LENGTH), hash.bytes());
    }
}
