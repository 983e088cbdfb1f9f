package io.lockstep.node.rpc.internal;

import io.lockstep.node.rpc.RpcConnection;
import io.lockstep.node.rpc.RpcMetrics;
import io.lockstep.node.rpc.SubscriptionSink;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One WebSocket connection as the subscriptions see it. Notifications wait in a queue bounded in bytes and
 * are moved to the channel on its event loop while the channel is writable; a client that lets the queue
 * fill is disconnected instead of growing the node's memory.
 */
final class WebSocketSession implements RpcConnection, SubscriptionSink {

    private static final Logger log = LoggerFactory.getLogger(WebSocketSession.class);

    private record Pending(String text, int bytes) {}

    private final Channel channel;
    private final RpcMetrics metrics;
    private final long maxPendingBytes;
    private final Queue<Pending> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    private final AtomicBoolean dropped = new AtomicBoolean();
    private final Queue<Runnable> onReply = new ConcurrentLinkedQueue<>();
    private final List<Runnable> onClose = new ArrayList<>();
    private boolean closed;

    WebSocketSession(Channel channel, RpcMetrics metrics, long maxPendingBytes) {
        this.channel = channel;
        this.metrics = metrics;
        this.maxPendingBytes = maxPendingBytes;
    }

    @Override
    public Optional<SubscriptionSink> subscriptions() {
        return Optional.of(this);
    }

    @Override
    public boolean send(String notification) {
        if (dropped.get() || !channel.isActive()) {
            return false;
        }
        int bytes = ByteBufUtil.utf8Bytes(notification);
        long queued = pendingBytes.addAndGet(bytes);
        // The limit bounds a backlog: one notification larger than the limit still goes to a client that
        // has nothing else waiting.
        if (queued > maxPendingBytes && queued != bytes) {
            pendingBytes.addAndGet(-bytes);
            dropSlow();
            return false;
        }
        pending.add(new Pending(notification, bytes));
        if (drainScheduled.compareAndSet(false, true)) {
            try {
                channel.eventLoop().execute(this::drain);
            } catch (RejectedExecutionException e) {
                return false; // the server is stopping
            }
        }
        return true;
    }

    /** Moves queued notifications to the channel while it takes them; on the event loop. */
    void drain() {
        drainScheduled.set(false);
        boolean wrote = false;
        while (channel.isWritable()) {
            Pending next = pending.poll();
            if (next == null) {
                break;
            }
            pendingBytes.addAndGet(-next.bytes());
            channel.write(new TextWebSocketFrame(next.text()));
            wrote = true;
        }
        if (wrote) {
            channel.flush();
        }
    }

    private void dropSlow() {
        if (dropped.compareAndSet(false, true)) {
            metrics.rejected(RpcMetrics.Rejection.SLOW_CONSUMER);
            log.debug(
                    "rpc subscriber disconnected reason=slow_consumer remote={} pendingBytes={} limit={}",
                    channel.remoteAddress(),
                    pendingBytes.get(),
                    maxPendingBytes);
            channel.close();
        }
    }

    @Override
    public void onReply(Runnable action) {
        onReply.add(action);
    }

    @Override
    public void onClose(Runnable action) {
        synchronized (this) {
            if (!closed) {
                onClose.add(action);
                return;
            }
        }
        action.run();
    }

    /** Called on the event loop just before the reply to a request is written (also when there is none). */
    void replying() {
        for (Runnable action = onReply.poll(); action != null; action = onReply.poll()) {
            action.run();
        }
    }

    /** Called once when the channel closes. */
    void closed() {
        List<Runnable> actions;
        synchronized (this) {
            closed = true;
            actions = new ArrayList<>(onClose);
            onClose.clear();
        }
        onReply.clear();
        pending.clear();
        actions.forEach(Runnable::run);
    }
}
