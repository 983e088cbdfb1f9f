package io.lockstep.node.rpc.internal;

import io.lockstep.node.rpc.RpcConnection;
import io.lockstep.node.rpc.RpcDispatcher;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcMetrics;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker pool that executes requests off the network threads: a fixed number of threads and a bounded
 * queue. A full queue refuses the request at once rather than holding a network thread.
 */
public final class DispatchExecutor implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(DispatchExecutor.class);

    private final RpcDispatcher dispatcher;
    private final RpcMetrics metrics;
    private final ThreadPoolExecutor pool;

    public DispatchExecutor(RpcDispatcher dispatcher, RpcMetrics metrics, int threads, int maxQueued) {
        this.dispatcher = dispatcher;
        this.metrics = metrics;
        this.pool = new ThreadPoolExecutor(
                threads,
                threads,
                0,
                TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(maxQueued),
                new DefaultThreadFactory("rpc-worker", true),
                new ThreadPoolExecutor.AbortPolicy());
    }

    /**
     * Dispatches {@code body} on a worker and hands the reply to {@code deliver} on {@code loop}. Returns
     * false, having done nothing, when the queue is full.
     */
    boolean submit(byte[] body, RpcConnection connection, EventLoop loop, Consumer<Optional<byte[]>> deliver) {
        metrics.queued().inc();
        try {
            pool.execute(() -> {
                metrics.queued().dec();
                metrics.running().inc();
                Optional<byte[]> reply;
                try {
                    reply = dispatcher.handle(body, connection);
                } catch (RuntimeException | Error e) { // the dispatcher answers everything; this is a defect
                    log.error("rpc dispatch failed", e);
                    reply = Optional.of(dispatcher.refusal(RpcErrorCode.INTERNAL_ERROR, "internal error"));
                } finally {
                    metrics.running().dec();
                }
                Optional<byte[]> result = reply;
                try {
                    loop.execute(() -> deliver.accept(result));
                } catch (RejectedExecutionException e) {
                    log.debug("rpc reply dropped: the server is stopping");
                }
            });
            return true;
        } catch (RejectedExecutionException e) {
            metrics.queued().dec();
            metrics.rejected(RpcMetrics.Rejection.BUSY);
            return false;
        }
    }

    /** The reply for a refused request. */
    byte[] busyReply() {
        return dispatcher.refusal(
                RpcErrorCode.LIMIT_EXCEEDED,
                "limit exceeded: server busy, " + pool.getQueue().size() + " requests queued; retry later");
    }

    /** Stops taking requests and lets running ones finish for a moment before interrupting them. */
    @Override
    public void close() {
        pool.shutdown();
        try {
            if (!pool.awaitTermination(5, TimeUnit.SECONDS)) {
                pool.shutdownNow();
            }
        } catch (InterruptedException e) {
            pool.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
