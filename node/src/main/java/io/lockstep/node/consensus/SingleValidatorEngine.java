package io.lockstep.node.consensus;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.consensus.Application;
import io.lockstep.core.consensus.Proposal;
import io.lockstep.core.consensus.ProposalRequest;
import io.lockstep.core.consensus.ProposalVerdict;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consensus with one validator: this node proposes every block, checks it as any validator would, and
 * decides it alone. In {@link Mode#INTERVAL} a block is produced every block time; in {@link
 * Mode#ON_DEMAND} only when {@link #produceBlock} asks (tests, and dev tooling that mines per call). One
 * named thread makes every call to the application.
 */
public final class SingleValidatorEngine implements AutoCloseable {

    public enum Mode {
        INTERVAL,
        ON_DEMAND
    }

    /** Transactions one block takes from the mempool at most. */
    static final int MAX_CANDIDATES = 10_000;

    private static final Logger LOG = LoggerFactory.getLogger(SingleValidatorEngine.class);

    private final Application application;
    private final IntFunction<List<SignedTransaction>> candidates;
    private final Address proposer;
    private final LongSupplier clockSeconds;
    private final Duration blockTime;
    private final Mode mode;
    private final long maxBlockBytes;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final Thread thread;
    private CompletableFuture<Long> requested;
    private volatile boolean running = true;
    private volatile Throwable halted;

    /**
     * @param candidates the mempool's transactions for the next block, at most the given count
     * @param clockSeconds the time for block headers, in seconds (a port: tests pass their own)
     */
    public SingleValidatorEngine(
            Application application,
            IntFunction<List<SignedTransaction>> candidates,
            Address proposer,
            LongSupplier clockSeconds,
            Duration blockTime,
            Mode mode,
            long maxBlockBytes) {
        this.application = Objects.requireNonNull(application, "application");
        this.candidates = Objects.requireNonNull(candidates, "candidates");
        this.proposer = Objects.requireNonNull(proposer, "proposer");
        this.clockSeconds = Objects.requireNonNull(clockSeconds, "clockSeconds");
        this.blockTime = Objects.requireNonNull(blockTime, "blockTime");
        this.mode = Objects.requireNonNull(mode, "mode");
        if (blockTime.isNegative() || blockTime.isZero()) {
            throw new IllegalArgumentException("block time must be positive");
        }
        this.maxBlockBytes = maxBlockBytes;
        this.thread = new Thread(this::run, "lockstep-consensus");
        this.thread.setDaemon(false);
    }

    public void start() {
        thread.start();
        LOG.info("consensus started mode={} blockTime={}ms proposer={}", mode, blockTime.toMillis(), proposer);
    }

    /**
     * Asks for one block now (in either mode) and completes with its height once it is committed; several
     * requests before the block is made share it.
     */
    public CompletableFuture<Long> produceBlock() {
        lock.lock();
        try {
            if (halted != null) {
                return CompletableFuture.failedFuture(halted);
            }
            if (!running) {
                return CompletableFuture.failedFuture(new IllegalStateException("the engine is stopped"));
            }
            if (requested == null) {
                requested = new CompletableFuture<>();
            }
            wake.signalAll();
            return requested;
        } finally {
            lock.unlock();
        }
    }

    /** Why the engine stopped producing blocks, if it halted. */
    public Throwable halted() {
        return halted;
    }

    private void run() {
        long next = System.nanoTime() + blockTime.toNanos();
        while (running) {
            CompletableFuture<Long> request;
            lock.lock();
            try {
                while (running && requested == null && (mode == Mode.ON_DEMAND || System.nanoTime() < next)) {
                    if (mode == Mode.ON_DEMAND) {
                        wake.await();
                    } else {
                        wake.await(Math.max(1, next - System.nanoTime()), TimeUnit.NANOSECONDS);
                    }
                }
                if (!running) {
                    break;
                }
                request = requested;
                requested = null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                lock.unlock();
            }
            next = System.nanoTime() + blockTime.toNanos();
            try {
                long height = makeBlock();
                if (request != null) {
                    request.complete(height);
                }
            } catch (RuntimeException | Error e) {
                // A block this validator cannot make or commit: stop loudly rather than go on from a doubt.
                LOG.error("consensus halted height={}", application.committedHeight() + 1, e);
                halted = e;
                running = false;
                if (request != null) {
                    request.completeExceptionally(e);
                }
            }
        }
        failPending();
    }

    private long makeBlock() {
        long height = application.committedHeight() + 1;
        List<SignedTransaction> txs = candidates.apply(MAX_CANDIDATES);
        Proposal proposal = application.prepareProposal(
                new ProposalRequest(height, clockSeconds.getAsLong(), proposer, txs, maxBlockBytes));
        ProposalVerdict verdict = application.processProposal(proposal.block());
        if (verdict instanceof ProposalVerdict.Reject reject) {
            throw new IllegalStateException("own proposal at height " + height + " rejected: " + reject.reason());
        }
        application.finalizeBlock(proposal.block());
        return application.commit();
    }

    private void failPending() {
        lock.lock();
        try {
            if (requested != null) {
                requested.completeExceptionally(
                        halted != null ? halted : new IllegalStateException("the engine is stopped"));
                requested = null;
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            running = false;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
        try {
            thread.join(TimeUnit.MINUTES.toMillis(1));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LOG.info("consensus stopped height={}", application.committedHeight());
    }
}
