package io.lockstep.node.mempool;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.consensus.Proposal;
import io.lockstep.node.chain.CommittedBlock;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.execution.InclusionRules;
import io.lockstep.node.execution.TxResult;
import io.lockstep.node.state.Account;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Transactions waiting for a block. {@link #add} admits a transaction only if a block could include it now
 * or after its sender's earlier nonces: right chain, fees at or above the base fee, gas within the block's,
 * enough balance, a nonce not used yet and not too far ahead, and for a deploy a module the VM accepts. A
 * transaction with the same sender and nonce replaces the waiting one only if it raises both fee caps by
 * 10%. {@link #candidates} offers, sender by sender in nonce order, the transactions that can run next,
 * highest tip first. Thread-safe.
 */
public final class Mempool {

    /** A replacement must raise both fee caps by this many percent. */
    static final int REPLACEMENT_BUMP_PERCENT = 10;

    private final MempoolConfig config;
    private final ChainRules rules;
    private final InclusionRules inclusion;
    private final Function<Address, Account> accounts;
    private final Function<byte[], Optional<String>> moduleCheck;
    private final Map<Address, TreeMap<Long, Entry>> bySender = new HashMap<>();
    private final Map<Hash32, Entry> byHash = new HashMap<>();
    private final List<Consumer<SignedTransaction>> admissionListeners = new CopyOnWriteArrayList<>();
    /** Admitted and not yet announced to the listeners, in admission order; guarded by {@code this}. */
    private final Queue<SignedTransaction> unannounced = new ArrayDeque<>();
    /** Held while announcing, so that announcements never overtake one another. */
    private final Object announcing = new Object();

    private long bytes;
    private long arrivals;

    private record Entry(SignedTransaction tx, long arrival, BigInteger tip) {}

    /**
     * @param accounts the committed head's accounts
     * @param moduleCheck why a deploy's module would be refused, or empty when it would be accepted
     */
    public Mempool(
            MempoolConfig config,
            ChainRules rules,
            Function<Address, Account> accounts,
            Function<byte[], Optional<String>> moduleCheck) {
        this.config = Objects.requireNonNull(config, "config");
        this.rules = Objects.requireNonNull(rules, "rules");
        this.inclusion = new InclusionRules(rules);
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.moduleCheck = Objects.requireNonNull(moduleCheck, "moduleCheck");
    }

    /**
     * Calls {@code listener} after each admission, outside the pool's lock (an engine mining on demand,
     * {@code newPendingTransactions} subscribers). Admissions are announced one at a time, in the order
     * they were admitted, whichever threads added them; {@link #add} returns after its transaction was
     * announced.
     */
    public void onAdmitted(Consumer<SignedTransaction> listener) {
        admissionListeners.add(Objects.requireNonNull(listener, "listener"));
    }

    public Admission add(SignedTransaction tx) {
        Admission admission = admit(tx);
        if (admission instanceof Admission.Accepted) {
            announceAdmitted();
        }
        return admission;
    }

    /**
     * Announces what waits in {@link #unannounced}. Two adding threads leave the pool's lock in either order,
     * so each one drains the queue its admissions were put in under that lock, one thread at a time.
     */
    private void announceAdmitted() {
        synchronized (announcing) {
            for (SignedTransaction next = nextUnannounced(); next != null; next = nextUnannounced()) {
                for (Consumer<SignedTransaction> listener : admissionListeners) {
                    listener.accept(next);
                }
            }
        }
    }

    private synchronized SignedTransaction nextUnannounced() {
        return unannounced.poll();
    }

    private Admission admit(SignedTransaction tx) {
        Admission.Rejected stateless = checkAlone(tx);
        if (stateless != null) {
            return stateless;
        }
        Account sender = accounts.apply(tx.from());
        synchronized (this) {
            if (byHash.containsKey(tx.hash())) {
                return new Admission.Rejected(Rejection.ALREADY_KNOWN, tx.hash().toHex());
            }
            Admission.Rejected againstState = checkAgainst(tx, sender);
            if (againstState != null) {
                return againstState;
            }
            TreeMap<Long, Entry> queue = bySender.computeIfAbsent(tx.from(), a -> new TreeMap<>());
            Entry existing = queue.get(tx.nonce());
            if (existing != null && !outbids(tx, existing.tx())) {
                return new Admission.Rejected(
                        Rejection.REPLACEMENT_UNDERPRICED,
                        "raise max fee and priority fee by at least " + REPLACEMENT_BUMP_PERCENT + "%");
            }
            if (existing == null && queue.size() >= config.maxPerSender()) {
                return new Admission.Rejected(Rejection.TOO_MANY_FROM_SENDER, "limit " + config.maxPerSender());
            }
            Entry entry = new Entry(tx, arrivals++, tip(tx));
            long freed = existing == null ? 0 : existing.tx().encodedSize();
            if (!makeRoom(entry, tx.encodedSize() - freed, existing == null ? 1 : 0)) {
                if (queue.isEmpty()) {
                    bySender.remove(tx.from());
                }
                return new Admission.Rejected(Rejection.POOL_FULL, "");
            }
            if (existing != null) {
                remove(existing);
                queue = bySender.computeIfAbsent(tx.from(), a -> new TreeMap<>());
            }
            queue.put(tx.nonce(), entry);
            byHash.put(tx.hash(), entry);
            bytes += tx.encodedSize();
            unannounced.add(tx);
            return new Admission.Accepted(tx.hash());
        }
    }

    /**
     * Up to {@code max} transactions that can run next, in an order a block can include them: each
     * sender's in nonce order from its account's nonce, senders interleaved by tip, then by arrival.
     */
    public synchronized List<SignedTransaction> candidates(int max) {
        Comparator<Entry> priority = Comparator.comparing(Entry::tip).reversed().thenComparingLong(Entry::arrival);
        PriorityQueue<Entry> next = new PriorityQueue<>(priority);
        Map<Address, Long> expected = new HashMap<>();
        for (Map.Entry<Address, TreeMap<Long, Entry>> e : bySender.entrySet()) {
            long nonce = accounts.apply(e.getKey()).nonce();
            Entry first = e.getValue().get(nonce);
            if (first != null) {
                next.add(first);
                expected.put(e.getKey(), nonce);
            }
        }
        List<SignedTransaction> out = new ArrayList<>();
        while (!next.isEmpty() && out.size() < max) {
            Entry entry = next.poll();
            out.add(entry.tx());
            Address from = entry.tx().from();
            long following = expected.get(from) + 1;
            expected.put(from, following);
            Entry successor = bySender.get(from).get(following);
            if (successor != null) {
                next.add(successor);
            }
        }
        return out;
    }

    /** Forgets what a committed block included or its proposer dropped, and nonces the chain has passed. */
    public synchronized void onCommitted(CommittedBlock block) {
        Set<Address> senders = new HashSet<>();
        for (SignedTransaction tx : block.block().transactions()) {
            senders.add(tx.from());
            Entry entry = byHash.get(tx.hash());
            if (entry != null) {
                remove(entry);
            }
        }
        for (Proposal.Dropped dropped : block.dropped()) {
            Entry entry = byHash.get(dropped.transaction());
            if (entry != null) {
                senders.add(entry.tx().from());
                remove(entry);
            }
        }
        for (Address sender : senders) {
            TreeMap<Long, Entry> queue = bySender.get(sender);
            if (queue == null) {
                continue;
            }
            long nonce = accounts.apply(sender).nonce();
            for (Entry stale : new ArrayList<>(queue.headMap(nonce).values())) {
                remove(stale);
            }
        }
    }

    public synchronized Optional<SignedTransaction> get(Hash32 hash) {
        Entry entry = byHash.get(hash);
        return entry == null ? Optional.empty() : Optional.of(entry.tx());
    }

    /** The nonce after {@code sender}'s waiting transactions that follow its account's nonce without a gap. */
    public synchronized long pendingNonce(Address sender) {
        long nonce = accounts.apply(sender).nonce();
        TreeMap<Long, Entry> queue = bySender.get(sender);
        while (queue != null && queue.containsKey(nonce)) {
            nonce++;
        }
        return nonce;
    }

    public synchronized int size() {
        return byHash.size();
    }

    public synchronized long bytes() {
        return bytes;
    }

    /** Checks that need no state: the block's rules ({@link InclusionRules}) and the pool's size limit. */
    private Admission.Rejected checkAlone(SignedTransaction tx) {
        Optional<TxResult.Invalid> wrongChain = inclusion.chainId(tx);
        if (wrongChain.isPresent()) {
            return rejected(wrongChain.get());
        }
        if (tx.encodedSize() > config.maxTxBytes()) {
            return new Admission.Rejected(
                    Rejection.TOO_LARGE, tx.encodedSize() + " bytes, limit " + config.maxTxBytes());
        }
        Optional<TxResult.Invalid> gasOrFees = inclusion.gasAndFees(tx);
        if (gasOrFees.isPresent()) {
            return rejected(gasOrFees.get());
        }
        if (tx.isDeploy()) {
            Optional<String> refused = moduleCheck.apply(tx.data());
            if (refused.isPresent()) {
                return new Admission.Rejected(Rejection.INVALID_MODULE, refused.get());
            }
        }
        return null;
    }

    /**
     * Checks against the sender's account at the head: the block's rules, except that the nonce may be
     * ahead of the account's, as far as the pool holds transactions per sender.
     */
    private Admission.Rejected checkAgainst(SignedTransaction tx, Account sender) {
        Optional<TxResult.Invalid> badSender = inclusion.sender(tx, sender);
        if (badSender.isPresent()) {
            return rejected(badSender.get());
        }
        if (tx.nonce() - sender.nonce() >= config.maxPerSender()) {
            return new Admission.Rejected(
                    Rejection.NONCE_TOO_FAR,
                    "tx " + tx.nonce() + " state " + sender.nonce() + ", at most " + (config.maxPerSender() - 1)
                            + " ahead");
        }
        return inclusion.funds(tx, sender).map(Mempool::rejected).orElse(null);
    }

    /** A block's reason in the pool's words, with the same detail. */
    private static Admission.Rejected rejected(TxResult.Invalid invalid) {
        return new Admission.Rejected(Rejection.of(invalid.reason()), invalid.detail());
    }

    private static boolean outbids(SignedTransaction replacement, SignedTransaction waiting) {
        return bumped(replacement.maxFeePerGas(), waiting.maxFeePerGas())
                && bumped(replacement.maxPriorityFeePerGas(), waiting.maxPriorityFeePerGas());
    }

    private static boolean bumped(BigInteger offered, BigInteger previous) {
        BigInteger needed = previous.multiply(BigInteger.valueOf(100 + REPLACEMENT_BUMP_PERCENT))
                .add(BigInteger.valueOf(99))
                .divide(BigInteger.valueOf(100));
        return offered.compareTo(needed) >= 0;
    }

    /** The tip per gas at the chain's base fee: what the proposer earns, the pool's priority. */
    private BigInteger tip(SignedTransaction tx) {
        return tx.effectiveGasPrice(rules.baseFeePerGas()).subtract(rules.baseFeePerGas());
    }

    /**
     * Evicts the lowest-priority last-nonce transactions of other senders until {@code extraBytes} and
     * {@code extraCount} fit, if all of them rank below {@code incoming}; evicts nothing otherwise.
     */
    private boolean makeRoom(Entry incoming, long extraBytes, int extraCount) {
        List<Entry> victims = new ArrayList<>();
        long freeBytes = config.maxBytes() - bytes;
        long freeCount = config.maxTransactions() - byHash.size();
        if (freeBytes >= extraBytes && freeCount >= extraCount) {
            return true;
        }
        List<Entry> tails = new ArrayList<>();
        for (Map.Entry<Address, TreeMap<Long, Entry>> e : bySender.entrySet()) {
            if (!e.getKey().equals(incoming.tx().from()) && !e.getValue().isEmpty()) {
                tails.add(e.getValue().lastEntry().getValue());
            }
        }
        tails.sort(Comparator.comparing(Entry::tip)
                .thenComparing(Comparator.comparingLong(Entry::arrival).reversed()));
        for (Entry tail : tails) {
            if (freeBytes >= extraBytes && freeCount >= extraCount) {
                break;
            }
            if (tail.tip().compareTo(incoming.tip()) >= 0) {
                return false;
            }
            victims.add(tail);
            freeBytes += tail.tx().encodedSize();
            freeCount++;
        }
        if (freeBytes < extraBytes || freeCount < extraCount) {
            return false;
        }
        victims.forEach(this::remove);
        return true;
    }

    private void remove(Entry entry) {
        SignedTransaction tx = entry.tx();
        byHash.remove(tx.hash());
        bytes -= tx.encodedSize();
        TreeMap<Long, Entry> queue = bySender.get(tx.from());
        if (queue != null) {
            queue.remove(tx.nonce(), entry);
            if (queue.isEmpty()) {
                bySender.remove(tx.from());
            }
        }
    }
}
