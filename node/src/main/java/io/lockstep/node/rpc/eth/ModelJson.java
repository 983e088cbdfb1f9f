package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Hash32;
import io.lockstep.nn.TensorSpec;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.state.ModelRecord;
import java.util.List;
import java.util.Locale;

/** Registered models in the JSON of the {@code lockstep_} methods. */
final class ModelJson {

    private ModelJson() {}

    /**
     * What the chain records about a model: its hash, the name of its first registration ({@code ""} when
     * none), the first registrant, the height it was registered at and its size in bytes.
     */
    static ObjectNode record(Hash32 hash, ModelRecord record) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("hash", hash.toHex());
        out.put("name", record.name());
        out.put("registrant", record.registrant().toHex());
        out.put("blockNumber", Hex.quantity(record.height()));
        out.put("size", Hex.quantity(record.size()));
        return out;
    }

    /** Inputs or outputs as the engine prepared them: name, element type and shape. */
    static ArrayNode tensors(List<TensorSpec> specs) {
        ArrayNode out = JsonNodeFactory.instance.arrayNode(specs.size());
        for (TensorSpec spec : specs) {
            ObjectNode tensor = out.addObject();
            tensor.put("name", spec.name());
            tensor.put("type", spec.dtype().name().toLowerCase(Locale.ROOT));
            ArrayNode shape = tensor.putArray("shape");
            for (int dim : spec.shape()) {
                shape.add(dim);
            }
        }
        return out;
    }
}
