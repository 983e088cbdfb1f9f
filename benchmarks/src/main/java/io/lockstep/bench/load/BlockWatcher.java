package io.lockstep.bench.load;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Follows the chain block by block with {@code eth_getBlockByNumber(n, false)} and matches the hashes it
 * lists against what the lanes sent. One request per block (and one per poll interval while the next block
 * is not there), rather than one receipt poll per transaction, so the watcher adds almost no load. A
 * block's time is when the watcher first got it: its receipts were available from then on. The latency of
 * a transaction is that time minus the moment its request started; the poll interval bounds the error.
 */
final class BlockWatcher implements Runnable {

    /** A transaction sent (or about to be): whose, when, and whether it counts in the measurement. */
    record Submission(Sender sender, long sentNanos, boolean measured) {}

    /** A block as observed: height, when, all its transactions, how many were this run's. */
    record ObservedBlock(long number, long observedNanos, int transactions, int ours) {}

    private final EthApi api;
    private final long pollNanos;
    private final ConcurrentHashMap<String, Submission> inFlight = new ConcurrentHashMap<>();
    private final List<ObservedBlock> blocks = new ArrayList<>();
    private final Latencies latencies = new Latencies();
    private volatile long next;
    private volatile boolean running = true;
    private volatile IOException failure;
    private long consecutiveFailures;
    private long measuredIncluded;

    /**
     * @param from the first height to watch: one above the head when the run starts
     */
    BlockWatcher(EthApi api, long from, long pollNanos) {
        this.api = api;
        this.next = from;
        this.pollNanos = pollNanos;
    }

    /** Registers a transaction before its request goes out, so even an instant inclusion is matched. */
    void expect(String hash, Submission submission) {
        inFlight.put(hash, submission);
    }

    /** Forgets a transaction the node refused. */
    void forget(String hash) {
        inFlight.remove(hash);
    }

    /** Transactions of the measurement still waiting for a block. */
    long measuredInFlight() {
        return inFlight.values().stream().filter(Submission::measured).count();
    }

    long inFlight() {
        return inFlight.size();
    }

    @Override
    public void run() {
        while (running) {
            Optional<EthApi.BlockSummary> block;
            try {
                block = api.block(next);
                consecutiveFailures = 0;
            } catch (IOException e) {
                // A few failed polls under load are survivable; a node that stays unreachable ends the run.
                if (++consecutiveFailures >= 50) {
                    failure = e;
                    return;
                }
                LockSupport.parkNanos(pollNanos);
                continue;
            }
            if (block.isEmpty()) {
                LockSupport.parkNanos(pollNanos);
                continue;
            }
            observe(block.get(), System.nanoTime());
            next++;
        }
    }

    private void observe(EthApi.BlockSummary block, long now) {
        int ours = 0;
        for (String hash : block.transactions()) {
            Submission submission = inFlight.remove(hash);
            if (submission == null) {
                continue;
            }
            ours++;
            submission.sender().pending().decrementAndGet();
            if (submission.measured()) {
                synchronized (this) {
                    latencies.add(now - submission.sentNanos());
                    measuredIncluded++;
                }
            }
        }
        synchronized (this) {
            blocks.add(
                    new ObservedBlock(block.number(), now, block.transactions().size(), ours));
        }
    }

    /** Waits, up to {@code timeoutNanos}, until every measured transaction is in a block. */
    boolean awaitMeasured(long timeoutNanos) {
        long deadline = System.nanoTime() + timeoutNanos;
        while (measuredInFlight() > 0 && System.nanoTime() < deadline && failure == null) {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        return measuredInFlight() == 0;
    }

    void stop() {
        running = false;
    }

    /** Why the watcher gave up, if it did. */
    Optional<IOException> failure() {
        return Optional.ofNullable(failure);
    }

    synchronized List<ObservedBlock> blocks() {
        return List.copyOf(blocks);
    }

    synchronized Latencies.Summary latency() {
        return latencies.summary();
    }

    synchronized long measuredIncluded() {
        return measuredIncluded;
    }
}
