package io.lockstep.node.rpc;

import java.util.Optional;

/** The connection a request came in on, as far as a method needs to know it. */
public interface RpcConnection {

    /** A connection that cannot carry notifications: HTTP, or a direct call. */
    RpcConnection WITHOUT_SUBSCRIPTIONS = Optional::empty;

    /** Where this connection's subscription notifications go; empty over HTTP. */
    Optional<SubscriptionSink> subscriptions();
}
