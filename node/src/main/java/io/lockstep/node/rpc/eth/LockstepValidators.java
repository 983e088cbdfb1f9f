package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/**
 * {@code lockstep_validators()}: the validators and their voting power, in genesis order. The set is the
 * genesis set: nothing changes it yet.
 */
final class LockstepValidators implements RpcMethod {

    private final Genesis genesis;

    LockstepValidators(Genesis genesis) {
        this.genesis = genesis;
    }

    @Override
    public String name() {
        return RpcMethodName.LOCKSTEP_VALIDATORS.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        ArrayNode out = JsonNodeFactory.instance.arrayNode();
        for (Genesis.Validator validator : genesis.validators()) {
            out.addObject().put("address", validator.address().toHex()).put("power", Hex.quantity(validator.power()));
        }
        return out;
    }
}
