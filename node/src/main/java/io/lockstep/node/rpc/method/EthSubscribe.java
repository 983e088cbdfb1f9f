package io.lockstep.node.rpc.method;

import io.lockstep.node.rpc.LogFilter;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.rpc.SubscriptionHub;
import io.lockstep.node.rpc.SubscriptionSink;

/**
 * {@code eth_subscribe}: {@code ["newHeads"]}, {@code ["logs", filter?]} or {@code ["newPendingTransactions",
 * fullTransactions?]} over WebSocket; answers the new subscription's id. A logs filter takes {@code address}
 * and {@code topics}; a block range has no meaning for notifications of new logs and is refused.
 */
public final class EthSubscribe implements RpcMethod {

    private final SubscriptionHub hub;

    public EthSubscribe(SubscriptionHub hub) {
        this.hub = hub;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_SUBSCRIBE.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        SubscriptionSink sink = sink(params);
        params.requireCount(1, 2);
        String kind = params.string(0);
        if (kind.equals(SubscriptionHub.Kind.NEW_HEADS.wireName())) {
            params.requireCount(1);
            return hub.subscribeNewHeads(sink);
        }
        if (kind.equals(SubscriptionHub.Kind.LOGS.wireName())) {
            LogFilter filter = params.has(1) ? LogFilter.parse(params.object(1)) : LogFilter.ANY;
            if (filter.fromBlock().isPresent()
                    || filter.toBlock().isPresent()
                    || filter.blockHash().isPresent()) {
                throw RpcException.invalidParams(
                        "invalid filter: a logs subscription takes address and topics only, not a block range");
            }
            return hub.subscribeLogs(sink, filter);
        }
        if (kind.equals(SubscriptionHub.Kind.NEW_PENDING_TRANSACTIONS.wireName())) {
            return hub.subscribeNewPendingTransactions(sink, params.boolOr(1, false));
        }
        // syncing is refused rather than answered: a single validator never syncs, so it would never fire.
        throw RpcException.invalidParams("param 0: unsupported subscription type \""
                + kind.substring(0, Math.min(kind.length(), 32))
                + "\"; supported are newHeads, logs and newPendingTransactions");
    }

    static SubscriptionSink sink(RpcParams params) {
        return params.connection()
                .subscriptions()
                .orElseThrow(() -> new RpcException(
                        RpcErrorCode.METHOD_NOT_FOUND, "notifications not supported: subscribe over WebSocket"));
    }
}
