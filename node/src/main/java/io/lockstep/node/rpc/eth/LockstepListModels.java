package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lockstep.core.chain.Hash32;
import io.lockstep.node.chain.ChainRecords;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.CommittedState;
import io.lockstep.node.state.ModelRecord;
import io.lockstep.node.state.StateKeys;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code lockstep_listModels()}: every model registered up to the head, in the order they were first
 * registered, each with its record ({@link ModelJson#record}). Found through the model index the chain
 * writes with each block; the records are read from the head's state.
 */
final class LockstepListModels implements RpcMethod {

    private final ChainAccess chain;

    LockstepListModels(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.LOCKSTEP_LIST_MODELS.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        long head = chain.head().height();
        List<ChainRecords.ModelRegistration> registrations = chain.chain().records().modelRegistrations().stream()
                .filter(r -> r.height() <= head)
                .sorted(Comparator.comparingLong(ChainRecords.ModelRegistration::height)
                        .thenComparingInt(ChainRecords.ModelRegistration::index))
                .toList();
        Set<Hash32> models = new LinkedHashSet<>();
        registrations.forEach(r -> models.add(r.model()));
        CommittedState state = chain.state(head);
        ArrayNode out = JsonNodeFactory.instance.arrayNode(models.size());
        for (Hash32 model : models) {
            byte[] record = state.get(StateKeys.modelRecord(model));
            if (record == null) {
                throw new IllegalStateException("model " + model + " is indexed but has no record in the state");
            }
            out.add(ModelJson.record(model, ModelRecord.decode(record)));
        }
        return out;
    }
}
