package io.lockstep.node.chain;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Bloom;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.ListRoot;
import io.lockstep.core.consensus.Application;
import io.lockstep.core.consensus.FinalizedBlock;
import io.lockstep.core.consensus.Proposal;
import io.lockstep.core.consensus.ProposalRequest;
import io.lockstep.core.consensus.ProposalVerdict;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import io.lockstep.node.execution.BlockExecutor;
import io.lockstep.node.execution.ChainRules;
import io.lockstep.node.execution.ExecutedBlock;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.CommittedState;
import io.lockstep.node.state.WorldState;
import io.lockstep.node.store.ChainStore;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The chain behind the consensus port: executes proposals on the committed head's state, keeps the
 * executions of the current height by block hash so a block is executed once however many times it is
 * asked about, and commits a finalized block (state tree update, block, receipts, indexes) in one atomic
 * batch. Calls of the port come from one consensus thread; readers ({@link #head()}, {@link #state}) may
 * be on any thread.
 */
public final class ChainApplication implements Application {

    private static final Logger LOG = LoggerFactory.getLogger(ChainApplication.class);

    private final ChainStore store;
    private final ChainRecords records;
    private final BlockExecutor executor;
    private final long retainVersions;
    private final Map<Hash32, ExecutedBlock> executed = new HashMap<>();
    private final List<Consumer<CommittedBlock>> listeners = new CopyOnWriteArrayList<>();
    private ExecutedBlock finalized;
    private volatile BlockHeader head;

    private ChainApplication(ChainStore store, BlockExecutor executor, long retainVersions, BlockHeader head) {
        this.store = store;
        this.records = new ChainRecords(store);
        this.executor = executor;
        this.retainVersions = retainVersions;
        this.head = head;
    }

    /**
     * Opens the chain in {@code store}: writes block 0 from {@code genesis} into an empty store, or checks
     * that the stored chain has that genesis.
     *
     * @param retainVersions how many recent versions of the state to keep for queries and proofs
     * @throws IllegalStateException when the store holds a chain with another genesis
     */
    public static ChainApplication open(
            ChainStore store, GenesisState genesis, BlockExecutor executor, long retainVersions) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(genesis, "genesis");
        Objects.requireNonNull(executor, "executor");
        if (retainVersions < 1) {
            throw new IllegalArgumentException("at least one version of the state is retained");
        }
        ChainRecords records = new ChainRecords(store);
        Block genesisBlock = genesisBlock(store, genesis);
        if (store.latestVersion() < 0) {
            TreeUpdate update = genesisUpdate(store, genesis);
            try (ChainStore.Batch batch = store.batch(0)) {
                batch.putState(update);
                records.write(batch, genesisBlock, List.of(), List.of());
                batch.commit();
            }
            LOG.info(
                    "wrote genesis hash={} accounts={}",
                    genesisBlock.hash(),
                    genesis.alloc().size());
            return new ChainApplication(store, executor, retainVersions, genesisBlock.header());
        }
        Hash32 stored = records.genesisHash()
                .orElseThrow(() -> new IllegalStateException("the chain store has no genesis block"));
        if (!stored.equals(genesisBlock.hash())) {
            throw new IllegalStateException("the data directory holds a chain with genesis " + stored
                    + ", not this genesis " + genesisBlock.hash() + "; use another data directory or start fresh");
        }
        long height = store.latestVersion();
        BlockHeader head = records.header(height)
                .orElseThrow(
                        () -> new IllegalStateException("the chain store has no block at its latest height " + height));
        LOG.info("opened chain height={} head={}", height, head.hash());
        return new ChainApplication(store, executor, retainVersions, head);
    }

    /** Block 0 as {@code genesis} makes it; its state is computed in memory, nothing is written. */
    public static Block genesisBlock(ChainStore nodes, GenesisState genesis) {
        TreeUpdate update = genesisUpdate(nodes, genesis);
        ChainRules rules = genesis.rules();
        BlockHeader header = new BlockHeader(
                Hash32.ZERO,
                0,
                genesis.timestamp(),
                genesis.proposer(),
                Hash32.of(update.root().hash()),
                ListRoot.of(List.of()),
                ListRoot.of(List.of()),
                Bloom.EMPTY,
                0,
                rules.blockGasLimit(),
                rules.baseFeePerGas(),
                0,
                new byte[0]);
        return new Block(header, List.of());
    }

    private static TreeUpdate genesisUpdate(ChainStore nodes, GenesisState genesis) {
        WorldState state = new WorldState(io.lockstep.node.state.StateReader.EMPTY);
        for (Map.Entry<Address, BigInteger> e : genesis.alloc().entrySet()) {
            state.setAccount(e.getKey(), Account.EMPTY.withBalance(e.getValue()));
        }
        return new SparseMerkleTree(nodes).update(NodeRef.EMPTY, 0, state.changes());
    }

    public void addListener(Consumer<CommittedBlock> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** The header of the last committed block. */
    public BlockHeader head() {
        return head;
    }

    public ChainRecords records() {
        return records;
    }

    public BlockExecutor executor() {
        return executor;
    }

    public ChainRules rules() {
        return executor.transactions().rules();
    }

    /**
     * The committed state at {@code height}.
     *
     * @throws IllegalArgumentException when that height's state is pruned or not yet committed
     */
    public CommittedState state(long height) {
        return new CommittedState(store, store.stateRoot(height), height);
    }

    /** The oldest height whose state is still kept. */
    public long oldestStateHeight() {
        return store.oldestVersion();
    }

    @Override
    public long committedHeight() {
        return head.height();
    }

    @Override
    public Proposal prepareProposal(ProposalRequest request) {
        BlockHeader parent = head;
        requireNext(request.height(), parent);
        ExecutedBlock block = executor.build(
                parent,
                store,
                store.stateRoot(parent.height()),
                Math.max(request.timestamp(), parent.timestamp()),
                request.proposer(),
                request.candidates(),
                request.maxBytes());
        executed.put(block.block().hash(), block);
        return new Proposal(block.block(), block.dropped());
    }

    @Override
    public ProposalVerdict processProposal(Block proposal) {
        if (executed.containsKey(proposal.hash())) {
            return ProposalVerdict.ACCEPT;
        }
        BlockExecutor.Verified verified = executor.verify(head, store, store.stateRoot(head.height()), proposal);
        if (verified instanceof BlockExecutor.Verified.Valid valid) {
            executed.put(proposal.hash(), valid.block());
            return ProposalVerdict.ACCEPT;
        }
        String reason = ((BlockExecutor.Verified.Invalid) verified).reason();
        LOG.warn(
                "rejected proposal height={} hash={} reason={}",
                proposal.header().height(),
                proposal.hash(),
                reason);
        return new ProposalVerdict.Reject(reason);
    }

    @Override
    public FinalizedBlock finalizeBlock(Block decided) {
        requireNext(decided.header().height(), head);
        if (processProposal(decided) instanceof ProposalVerdict.Reject reject) {
            // Consensus decided a block this node cannot execute the same way: it must not go on.
            throw new IllegalStateException(
                    "decided block " + decided.hash() + " does not execute here: " + reject.reason());
        }
        finalized = executed.get(decided.hash());
        return new FinalizedBlock(decided, finalized.receipts());
    }

    @Override
    public long commit() {
        if (finalized == null) {
            throw new IllegalStateException("no finalized block to commit");
        }
        ExecutedBlock block = finalized;
        long height = block.block().header().height();
        try (ChainStore.Batch batch = store.batch(height)) {
            batch.putState(block.stateUpdate());
            records.write(batch, block.block(), block.receipts(), block.inferences());
            batch.commit();
        }
        records.remember(block.block());
        head = block.block().header();
        finalized = null;
        executed.clear();
        if (height - retainVersions > store.oldestVersion()) {
            store.pruneBelow(height - retainVersions);
        }
        // Empty blocks (one a second on an idle dev chain) are logged once a minute's worth, not each one.
        boolean quiet = block.block().transactions().isEmpty() && height % 60 != 0;
        LOG.atLevel(quiet ? org.slf4j.event.Level.DEBUG : org.slf4j.event.Level.INFO)
                .log(
                        "committed height={} txs={} gas={} fuel={} hash={}",
                        height,
                        block.block().transactions().size(),
                        head.gasUsed(),
                        head.fuelUsed(),
                        head.hash());
        CommittedBlock committed = new CommittedBlock(block.block(), block.receipts(), block.dropped());
        for (Consumer<CommittedBlock> listener : listeners) {
            try {
                listener.accept(committed);
            } catch (RuntimeException e) {
                LOG.error("a listener of committed blocks failed height={}", height, e);
            }
        }
        return height;
    }

    private static void requireNext(long height, BlockHeader parent) {
        if (height != parent.height() + 1) {
            throw new IllegalArgumentException(
                    "height " + height + " is not next after the committed " + parent.height());
        }
    }
}
