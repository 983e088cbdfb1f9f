package io.lockstep.node.rpc.internal;

import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.Queue;

/**
 * Runs the requests of one connection one at a time, in arrival order, so that HTTP responses keep the order
 * of pipelined requests and a WebSocket reply precedes the notifications it enables. While a request runs
 * the connection is not read: a client cannot queue more work than one request plus what one read held.
 * Confined to the connection's event loop.
 */
final class RequestSequencer {

    /** One request's handling; it calls {@code done} on the event loop when its reply has been written. */
    interface Job {
        void start(Runnable done);
    }

    private final Channel channel;
    private final Queue<Job> waiting = new ArrayDeque<>();
    private boolean busy;

    RequestSequencer(Channel channel) {
        this.channel = channel;
    }

    /** Whether no request is running or waiting: the connection is between requests. */
    boolean isIdle() {
        return !busy && waiting.isEmpty();
    }

    void submit(Job job) {
        waiting.add(job);
        if (!busy) {
            next();
        }
    }

    private void next() {
        if (!channel.isActive()) {
            waiting.clear(); // nobody is left to read the replies
        }
        Job job = waiting.poll();
        if (job == null) {
            busy = false;
            channel.config().setAutoRead(true);
            return;
        }
        busy = true;
        channel.config().setAutoRead(false);
        // The next job starts from a fresh event-loop task, so that a run of jobs that finish at once does
        // not nest on the stack.
        job.start(() -> channel.eventLoop().execute(this::next));
    }
}
