package io.lockstep.node.rpc.method;

import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.util.function.BooleanSupplier;

/** {@code net_listening}: whether the node accepts peer connections, as its networking reports it. */
public final class NetListening implements RpcMethod {

    private final BooleanSupplier listening;

    public NetListening(BooleanSupplier listening) {
        this.listening = listening;
    }

    @Override
    public String name() {
        return RpcMethodName.NET_LISTENING.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return listening.getAsBoolean();
    }
}
