package io.lockstep.nn.internal.graph;

import io.lockstep.nn.internal.operator.Kernel;
import io.lockstep.nn.internal.operator.KernelIo;
import io.lockstep.nn.internal.operator.Scratch;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Fixed worker threads that run contiguous ranges of a kernel's units. The split is fixed by the unit
 * count and the thread count alone ({@link #chunkStart}), and kernels compute every unit the same way
 * whatever its range, so results do not depend on the number of threads or on scheduling.
 */
public final class WorkerPool implements AutoCloseable {
    private final Worker[] workers;

    public WorkerPool(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
        workers = new Worker[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker("lockstep-nn-worker-" + (i + 1));
            workers[i].start();
        }
    }

    /** Threads that share the work, the caller's included. */
    public int threads() {
        return workers.length + 1;
    }

    /** First unit of chunk {@code c} of {@code chunks} over {@code units} units. */
    static int chunkStart(int units, int chunks, int c) {
        return (int) ((long) units * c / chunks);
    }

    /**
     * Runs units {@code [0, units)} split into {@code chunks <= threads()} contiguous ranges: the caller
     * runs the first with {@code callerScratch}, workers the rest. Rethrows the failure of the lowest
     * failing chunk, which is the failure of the lowest failing unit whatever the split.
     */
    synchronized void run(Kernel kernel, KernelIo io, int units, int chunks, Scratch callerScratch) {
        CountDownLatch done = new CountDownLatch(chunks - 1);
        Throwable[] failures = new Throwable[chunks];
        for (int c = 1; c < chunks; c++) {
            int chunk = c;
            Worker worker = workers[c - 1];
            worker.submit(() -> {
                try {
                    kernel.compute(
                            io, chunkStart(units, chunks, chunk), chunkStart(units, chunks, chunk + 1), worker.scratch);
                } catch (Throwable t) {
                    failures[chunk] = t;
                } finally {
                    done.countDown();
                }
            });
        }
        try {
            kernel.compute(io, 0, chunkStart(units, chunks, 1), callerScratch);
        } catch (Throwable t) {
            failures[0] = t;
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Throwable t : failures) {
            if (t instanceof RuntimeException r) {
                throw r;
            } else if (t instanceof Error e) {
                throw e;
            } else if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    @Override
    public void close() {
        for (Worker w : workers) {
            w.interrupt();
        }
    }

    private static final class Worker extends Thread {
        private final LinkedBlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
        private final Scratch scratch = new Scratch();

        Worker(String name) {
            super(name);
            setDaemon(true);
        }

        void submit(Runnable job) {
            queue.add(job);
        }

        @Override
        public void run() {
            try {
                while (true) {
                    queue.take().run();
                }
            } catch (InterruptedException e) {
                // closed
            }
        }
    }
}
