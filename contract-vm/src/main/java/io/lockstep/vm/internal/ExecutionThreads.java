package io.lockstep.vm.internal;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads with a large JVM stack on which contract code runs, so that the injected call-depth limit,
 * never the JVM's stack, decides where a contract stops. The wall-clock watchdog here is not part of
 * consensus: a call that outlives it is abandoned with an exception, never turned into an outcome.
 */
public final class ExecutionThreads implements AutoCloseable {

    private final ExecutorService executor;
    private final Duration watchdog;

    public ExecutionThreads(int threads, long stackBytes, Duration watchdog) {
        AtomicInteger counter = new AtomicInteger();
        this.watchdog = watchdog;
        this.executor = new ThreadPoolExecutor(
                threads, threads, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(), runnable -> {
                    Thread thread = new Thread(null, runnable, "lockstep-vm-" + counter.incrementAndGet(), stackBytes);
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** Runs {@code task} on an execution thread and waits for it, at most for the watchdog's time. */
    public <T> T run(Callable<T> task) {
        Future<T> future = executor.submit(task);
        try {
            return future.get(watchdog.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new VmWatchdogException("contract execution exceeded the " + watchdog.toSeconds()
                    + " s watchdog; abandoned (not a consensus outcome)");
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new VmWatchdogException("interrupted while waiting for contract execution");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException) {
                throw (RuntimeException) cause;
            }
            if (cause instanceof Error) {
                throw (Error) cause;
            }
            throw new IllegalStateException(cause);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }

    /** A call was abandoned by the watchdog or interrupted; an operational failure, not an outcome. */
    public static final class VmWatchdogException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VmWatchdogException(String message) {
            super(message);
        }
    }
}
