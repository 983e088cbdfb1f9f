package io.lockstep.node.mempool;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.chain.TransactionDecoder;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.state.Account;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;

/**
 * {@link Mempool#onAdmitted} listeners hear of admissions in the order the pool admitted them, even when
 * threads add at once, and before {@link Mempool#add} returns. The pool's own order is read back from
 * {@link Mempool#candidates}: with one transaction per sender and equal tips, it offers them by arrival.
 */
class MempoolAnnouncementTest {

    private static final long CHAIN_ID = 1337;
    private static final BigInteger GWEI = BigInteger.TEN.pow(9);
    private static final ChainRules RULES = new ChainRules(CHAIN_ID, 30_000_000, GWEI, ChainRules.DEFAULT_FUEL_PER_GAS);
    private static final int THREADS = 4;
    private static final int PER_THREAD = 25;

    @Test
    void listenersHearOfAdmissionsInAdmissionOrder() throws Exception {
        Account funded = new Account(0, BigInteger.TEN.pow(21), Optional.empty());
        Mempool pool = new Mempool(MempoolConfig.DEFAULT, RULES, address -> funded, wasm -> Optional.empty());
        List<Hash32> heard = Collections.synchronizedList(new ArrayList<>());
        pool.onAdmitted(tx -> {
            heard.add(tx.hash());
            // Widens the window in which another thread's admission could overtake this announcement.
            Thread.yield();
        });
        List<List<SignedTransaction>> batches = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<SignedTransaction> batch = new ArrayList<>();
            for (int i = 0; i < PER_THREAD; i++) {
                batch.add(transfer(1 + t * PER_THREAD + i));
            }
            batches.add(batch);
        }

        ExecutorService threads = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> done = new ArrayList<>();
            for (List<SignedTransaction> batch : batches) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (SignedTransaction tx : batch) {
                        assertInstanceOf(Admission.Accepted.class, pool.add(tx));
                        assertTrue(heard.contains(tx.hash()), "announced before add returns");
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : done) {
                future.get(30, TimeUnit.SECONDS);
            }
        } finally {
            threads.shutdownNow();
        }

        List<Hash32> admitted = pool.candidates(THREADS * PER_THREAD).stream()
                .map(SignedTransaction::hash)
                .toList();
        assertEquals(THREADS * PER_THREAD, admitted.size());
        assertEquals(admitted, heard);
    }

    @Test
    void anAdmissionThatOvertakesAnAnnouncementIsAnnouncedAfterIt() throws Exception {
        Account funded = new Account(0, BigInteger.TEN.pow(21), Optional.empty());
        Mempool pool = new Mempool(MempoolConfig.DEFAULT, RULES, address -> funded, wasm -> Optional.empty());
        SignedTransaction first = transfer(1);
        SignedTransaction second = transfer(2);
        List<Hash32> heard = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch announcingFirst = new CountDownLatch(1);
        pool.onAdmitted(tx -> {
            if (tx.hash().equals(first.hash())) {
                announcingFirst.countDown();
                // The first announcement is still under way when the second transaction is admitted.
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (pool.size() < 2) {
                    if (System.nanoTime() > deadline) {
                        throw new AssertionError("the second transaction was not admitted within 10 s");
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
            }
            heard.add(tx.hash());
        });
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            Future<Admission> a = threads.submit(() -> pool.add(first));
            assertTrue(announcingFirst.await(10, TimeUnit.SECONDS), "the first transaction was not announced");
            Future<Admission> b = threads.submit(() -> pool.add(second));
            assertInstanceOf(Admission.Accepted.class, a.get(10, TimeUnit.SECONDS));
            assertInstanceOf(Admission.Accepted.class, b.get(10, TimeUnit.SECONDS));
        } finally {
            threads.shutdownNow();
        }
        assertEquals(List.of(first.hash(), second.hash()), heard);
    }

    @Test
    void refusedTransactionsAreNotAnnounced() {
        Account funded = new Account(0, BigInteger.TEN.pow(21), Optional.empty());
        Mempool pool = new Mempool(MempoolConfig.DEFAULT, RULES, address -> funded, wasm -> Optional.empty());
        List<Hash32> heard = new ArrayList<>();
        pool.onAdmitted(tx -> heard.add(tx.hash()));
        SignedTransaction tx = transfer(1);
        pool.add(tx);
        assertInstanceOf(Admission.Rejected.class, pool.add(tx), "already known");
        assertEquals(List.of(tx.hash()), heard);
    }

    /** A transfer from the account of private key {@code key}, at nonce 0, with a 1 gwei tip. */
    private static SignedTransaction transfer(long key) {
        Credentials from = Credentials.create(ECKeyPair.create(BigInteger.valueOf(key)));
        RawTransaction raw = RawTransaction.createTransaction(
                CHAIN_ID,
                BigInteger.ZERO,
                BigInteger.valueOf(21_000),
                "0x00000000000000000000000000000000000000aa",
                BigInteger.ONE,
                "0x",
                GWEI,
                GWEI.multiply(BigInteger.valueOf(3)));
        return TransactionDecoder.decode(TransactionEncoder.signMessage(raw, from));
    }
}
