package io.lockstep.bench.load;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Signs every sender's next transactions before the run. Web3j's secp256k1 signing takes a good part of a
 * millisecond of CPU (it recovers the public key to find the recovery id), as much as the node spends
 * admitting the transaction; signing during the run would measure the generator as much as the node.
 */
final class Presigner {

    private Presigner() {}

    static void sign(List<Sender> senders, TransactionTemplate template, long seed, int perSender, PrintStream progress)
            throws InterruptedException {
        int threads = Runtime.getRuntime().availableProcessors();
        long total = (long) perSender * senders.size();
        progress.printf("signing %,d transactions ahead on %d threads ...%n", total, threads);
        long start = System.nanoTime();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads, r -> {
            Thread thread = new Thread(r, "presign");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (Sender sender : senders) {
                futures.add(pool.submit(() -> {
                    SignedTx[] signed = new SignedTx[perSender];
                    long first = sender.nonce();
                    for (int i = 0; i < perSender; i++) {
                        long nonce = first + i;
                        signed[i] = SignedTx.sign(
                                template.build(nonce, WriteLane.contentRandom(seed, sender.index(), nonce)),
                                sender.credentials());
                    }
                    sender.presigned(first, signed);
                    done.addAndGet(perSender);
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("signing failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        progress.printf("signed %,d transactions in %.1f s%n", done.get(), (System.nanoTime() - start) / 1e9);
    }
}
