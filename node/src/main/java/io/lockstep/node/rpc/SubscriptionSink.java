package io.lockstep.node.rpc;

/**
 * The side of a WebSocket connection that subscriptions see: it sends notifications, tells when the reply
 * to the current request is written, and tells when the connection closes. Implementations are
 * thread-safe; {@link #send} never blocks.
 */
public interface SubscriptionSink {

    /**
     * Queues one notification (a complete JSON-RPC message) for sending. Returns false, having sent
     * nothing, when the connection is closed or its client reads too slowly; a slow connection is closed.
     */
    boolean send(String notification);

    /**
     * Runs {@code action} on the connection's network thread in the step that writes the reply to the request
     * being executed, just before the write. Whatever the action lets other threads send (a subscription's
     * notifications) is queued behind the reply, so the client learns a subscription's id before its first
     * notification, and nothing published before the client could know the id is sent.
     */
    void onReply(Runnable action);

    /** Runs {@code action} when the connection closes; at once if it is already closed. */
    void onClose(Runnable action);
}
