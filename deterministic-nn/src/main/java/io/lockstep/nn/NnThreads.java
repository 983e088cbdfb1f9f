package io.lockstep.nn;

import io.lockstep.nn.internal.graph.WorkerPool;

/**
 * Worker threads that share the work of a run. Results are bit-identical for every thread count: work is
 * split only across independent outputs, in ranges fixed by the counts alone. One pool may serve many
 * prepared models; close it when done.
 */
public final class NnThreads implements AutoCloseable {
    private final WorkerPool pool;

    private NnThreads(WorkerPool pool) {
        this.pool = pool;
    }

    /** A pool of {@code threads} threads in all: the calling thread and {@code threads - 1} workers. */
    public static NnThreads create(int threads) {
        return new NnThreads(new WorkerPool(threads));
    }

    public int count() {
        return pool.threads();
    }

    WorkerPool pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.close();
    }
}
