package io.lockstep.bench.load;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * One connection and thread of a write run, owning a share of the senders: picks the next sender that is
 * under its pending limit, sends its next transaction (signed ahead, or now), and advances that sender's
 * nonce without waiting for a receipt. A refused transaction keeps its nonce for the next try; a lost
 * connection or a nonce the node disagrees with re-reads the nonce from the node.
 */
final class WriteLane implements Runnable {

    private static final long BLOCKED_PARK_NANOS = TimeUnit.MICROSECONDS.toNanos(200);
    private static final long REFUSED_PARK_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    private final List<Sender> senders;
    private final EthApi api;
    private final BlockWatcher watcher;
    private final TransactionTemplate template;
    private final long seed;
    private final Window window;
    private final Pacer pacer;
    private final int maxPending;
    private final Outcomes outcomes = new Outcomes();
    private int cursor;
    private long sent;
    private long measuredAttempts;
    private long measuredAccepted;
    private long signedDuringRun;
    private long blockedNanos;
    private volatile Exception failure;

    WriteLane(
            List<Sender> senders,
            EthApi api,
            BlockWatcher watcher,
            TransactionTemplate template,
            long seed,
            Window window,
            Pacer pacer,
            int maxPending) {
        this.senders = List.copyOf(senders);
        this.api = api;
        this.watcher = watcher;
        this.template = template;
        this.seed = seed;
        this.window = window;
        this.pacer = pacer;
        this.maxPending = maxPending;
    }

    @Override
    public void run() {
        try {
            while (true) {
                pacer.awaitTurn();
                long now = System.nanoTime();
                if (window.over(now)) {
                    return;
                }
                Sender sender = nextSender();
                if (sender == null) {
                    // Every sender of this lane has its limit in flight: the node is behind; wait for blocks.
                    LockSupport.parkNanos(BLOCKED_PARK_NANOS);
                    if (window.measures(now)) {
                        blockedNanos += System.nanoTime() - now;
                    }
                    continue;
                }
                send(sender);
                pacer.sent();
            }
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
    }

    private Sender nextSender() {
        for (int i = 0; i < senders.size(); i++) {
            Sender candidate = senders.get(cursor);
            cursor = (cursor + 1) % senders.size();
            if (candidate.pending().get() < maxPending) {
                return candidate;
            }
        }
        return null;
    }

    private void send(Sender sender) throws IOException {
        long nonce = sender.nonce();
        SignedTx tx = sender.presignedFor(nonce);
        if (tx == null) {
            tx = SignedTx.sign(template.build(nonce, contentRandom(seed, sender.index(), nonce)), sender.credentials());
            signedDuringRun++;
        }
        long start = System.nanoTime();
        boolean measured = window.measures(start);
        sender.pending().incrementAndGet();
        watcher.expect(tx.hash(), new BlockWatcher.Submission(sender, start, measured));
        if (measured) {
            measuredAttempts++;
        }
        try {
            String hash = api.sendRawTransaction(tx.encoded());
            if (!hash.equalsIgnoreCase(tx.hash())) {
                throw new IOException(
                        "the node gave transaction hash " + hash + ", the generator computed " + tx.hash());
            }
            sender.release(nonce);
            sender.nonce(nonce + 1);
            sent++;
            if (measured) {
                measuredAccepted++;
            }
            outcomes.accepted();
        } catch (RpcClient.RpcErrorException refused) {
            withdraw(sender, tx);
            outcomes.refused(refused.rpcMessage());
            String message = refused.rpcMessage().toLowerCase(java.util.Locale.ROOT);
            if (message.contains("nonce too low") || message.contains("already known")) {
                sender.nonce(api.pendingNonce(sender.address()));
            } else {
                LockSupport.parkNanos(REFUSED_PARK_NANOS);
            }
        } catch (IOException transport) {
            outcomes.transportError(transport);
            // Whether the node took it is unknown: its pending nonce tells.
            long pendingNonce = api.pendingNonce(sender.address());
            if (pendingNonce > nonce) {
                sender.release(nonce);
                sender.nonce(pendingNonce);
            } else {
                withdraw(sender, tx);
            }
        }
    }

    private void withdraw(Sender sender, SignedTx tx) {
        watcher.forget(tx.hash());
        sender.pending().decrementAndGet();
    }

    /**
     * The random source of one transaction's content, a function of the seed, the sender and the nonce
     * only: the same run signs the same transactions whether it signs them ahead or as it goes.
     */
    static SplittableRandom contentRandom(long seed, int sender, long nonce) {
        return new SplittableRandom(seed ^ (sender * 0x9E3779B97F4A7C15L) ^ (nonce * 0xC2B2AE3D27D4EB4FL));
    }

    Outcomes outcomes() {
        return outcomes;
    }

    long sent() {
        return sent;
    }

    long measuredAttempts() {
        return measuredAttempts;
    }

    long measuredAccepted() {
        return measuredAccepted;
    }

    long signedDuringRun() {
        return signedDuringRun;
    }

    long blockedNanos() {
        return blockedNanos;
    }

    long lateNanos() {
        return pacer.lateNanos();
    }

    Exception failure() {
        return failure;
    }
}
