package io.lockstep.node.rpc.method;

import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.rpc.SubscriptionHub;

/** {@code eth_unsubscribe}: ends one of this connection's subscriptions; false if it has none by that id. */
public final class EthUnsubscribe implements RpcMethod {

    private final SubscriptionHub hub;

    public EthUnsubscribe(SubscriptionHub hub) {
        this.hub = hub;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_UNSUBSCRIBE.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        return hub.unsubscribe(EthSubscribe.sink(params), params.string(0));
    }
}
