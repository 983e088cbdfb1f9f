package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Bloom;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.ListRoot;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.core.consensus.Proposal;
import io.lockstep.core.state.NodeReader;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import io.lockstep.node.state.CommittedState;
import io.lockstep.node.state.WorldState;
import io.lockstep.vm.InferenceRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Executes a block on top of its parent's committed state: building one from candidate transactions (the
 * proposer), or re-executing a proposed one and comparing every result in its header (every validator).
 */
public final class BlockExecutor {

    private final TransactionExecutor transactions;

    public BlockExecutor(TransactionExecutor transactions) {
        this.transactions = Objects.requireNonNull(transactions, "transactions");
    }

    public TransactionExecutor transactions() {
        return transactions;
    }

    /**
     * Builds the block at {@code parent.height() + 1} from {@code candidates} in order, leaving out those
     * that cannot be included and stopping at the gas limit or {@code maxBytes}.
     *
     * @param nodes the state tree's nodes, holding the parent's state under {@code parentRoot}
     */
    public ExecutedBlock build(
            BlockHeader parent,
            NodeReader nodes,
            NodeRef parentRoot,
            long timestamp,
            Address proposer,
            List<SignedTransaction> candidates,
            long maxBytes) {
        ChainRules rules = transactions.rules();
        BlockContext context = new BlockContext(parent.height() + 1, timestamp, proposer);
        WorldState state = new WorldState(new CommittedState(nodes, parentRoot, parent.height()));
        List<SignedTransaction> included = new ArrayList<>();
        List<Receipt> receipts = new ArrayList<>();
        List<List<InferenceRecord>> inferences = new ArrayList<>();
        List<Proposal.Dropped> dropped = new ArrayList<>();
        long gasUsed = 0;
        long bytes = 0;
        for (SignedTransaction tx : candidates) {
            if (bytes + tx.encodedSize() > maxBytes) {
                continue;
            }
            TxResult result = transactions.execute(tx, context, state, gasUsed);
            if (result instanceof TxResult.Invalid invalid) {
                if (invalid.reason() != InvalidReason.BLOCK_FULL && invalid.reason() != InvalidReason.NONCE_TOO_HIGH) {
                    dropped.add(new Proposal.Dropped(tx.hash(), invalid.message()));
                }
                if (rules.blockGasLimit() - gasUsed < ChainRules.TX_GAS) {
                    break;
                }
                continue;
            }
            TxResult.Included done = (TxResult.Included) result;
            Receipt receipt = done.receipt();
            included.add(tx);
            receipts.add(receipt);
            inferences.add(done.inferences());
            gasUsed += receipt.gasUsed();
            bytes += tx.encodedSize();
        }
        return seal(parent, nodes, parentRoot, context, state, included, receipts, inferences, dropped);
    }

    /**
     * Re-executes {@code proposal} on its parent's state.
     *
     * @return the executed block when every transaction is includable and every result in the header
     *     matches, else why not
     */
    public Verified verify(BlockHeader parent, NodeReader nodes, NodeRef parentRoot, Block proposal) {
        BlockHeader header = proposal.header();
        Optional<String> wrongContext = checkContext(parent, header);
        if (wrongContext.isPresent()) {
            return new Verified.Invalid(wrongContext.get());
        }
        BlockContext context = new BlockContext(header.height(), header.timestamp(), header.proposer());
        WorldState state = new WorldState(new CommittedState(nodes, parentRoot, parent.height()));
        List<Receipt> receipts = new ArrayList<>();
        List<List<InferenceRecord>> inferences = new ArrayList<>();
        long gasUsed = 0;
        for (int i = 0; i < proposal.transactions().size(); i++) {
            SignedTransaction tx = proposal.transactions().get(i);
            TxResult result = transactions.execute(tx, context, state, gasUsed);
            if (result instanceof TxResult.Invalid invalid) {
                return new Verified.Invalid(
                        "transaction " + i + " (" + tx.hash() + ") cannot be included: " + invalid.message());
            }
            TxResult.Included done = (TxResult.Included) result;
            Receipt receipt = done.receipt();
            receipts.add(receipt);
            inferences.add(done.inferences());
            gasUsed += receipt.gasUsed();
        }
        ExecutedBlock executed = seal(
                parent, nodes, parentRoot, context, state, proposal.transactions(), receipts, inferences, List.of());
        Optional<String> mismatch = compare(header, executed.block().header());
        if (mismatch.isPresent()) {
            return new Verified.Invalid(mismatch.get());
        }
        return new Verified.Valid(new ExecutedBlock(proposal, receipts, inferences, executed.stateUpdate(), List.of()));
    }

    /** A re-executed proposal's verdict. */
    public sealed interface Verified {
        record Valid(ExecutedBlock block) implements Verified {}

        record Invalid(String reason) implements Verified {}
    }

    private ExecutedBlock seal(
            BlockHeader parent,
            NodeReader nodes,
            NodeRef parentRoot,
            BlockContext context,
            WorldState state,
            List<SignedTransaction> included,
            List<Receipt> receipts,
            List<List<InferenceRecord>> inferences,
            List<Proposal.Dropped> dropped) {
        ChainRules rules = transactions.rules();
        TreeUpdate update = new SparseMerkleTree(nodes).update(parentRoot, context.height(), state.changes());
        List<byte[]> rawTransactions = new ArrayList<>(included.size());
        for (SignedTransaction tx : included) {
            rawTransactions.add(tx.raw());
        }
        List<byte[]> encodedReceipts = new ArrayList<>(receipts.size());
        Bloom bloom = Bloom.EMPTY;
        long gasUsed = 0;
        long fuelUsed = 0;
        for (Receipt receipt : receipts) {
            encodedReceipts.add(receipt.encode());
            bloom = bloom.or(receipt.logsBloom());
            gasUsed += receipt.gasUsed();
            fuelUsed += receipt.fuelUsed();
        }
        BlockHeader header = new BlockHeader(
                parent.hash(),
                context.height(),
                context.timestamp(),
                context.proposer(),
                Hash32.of(update.root().hash()),
                ListRoot.of(rawTransactions),
                ListRoot.of(encodedReceipts),
                bloom,
                gasUsed,
                rules.blockGasLimit(),
                rules.baseFeePerGas(),
                fuelUsed,
                new byte[0]);
        return new ExecutedBlock(new Block(header, included), receipts, inferences, update, dropped);
    }

    private Optional<String> checkContext(BlockHeader parent, BlockHeader header) {
        ChainRules rules = transactions.rules();
        if (header.height() != parent.height() + 1) {
            return Optional.of("height " + header.height() + " does not follow " + parent.height());
        }
        if (!header.parentHash().equals(parent.hash())) {
            return Optional.of("parent hash " + header.parentHash() + " is not the committed head " + parent.hash());
        }
        if (header.timestamp() < parent.timestamp()) {
            return Optional.of("time " + header.timestamp() + " is before the parent's " + parent.timestamp());
        }
        if (header.gasLimit() != rules.blockGasLimit()) {
            return Optional.of("gas limit " + header.gasLimit() + " is not the chain's " + rules.blockGasLimit());
        }
        if (!header.baseFeePerGas().equals(rules.baseFeePerGas())) {
            return Optional.of("base fee " + header.baseFeePerGas() + " is not the chain's " + rules.baseFeePerGas());
        }
        if (header.extraData().length != 0) {
            return Optional.of("extra data must be empty");
        }
        return Optional.empty();
    }

    private static Optional<String> compare(BlockHeader proposed, BlockHeader executed) {
        if (!proposed.transactionsRoot().equals(executed.transactionsRoot())) {
            return Optional.of("transactions root " + proposed.transactionsRoot() + " differs from "
                    + executed.transactionsRoot());
        }
        if (!proposed.stateRoot().equals(executed.stateRoot())) {
            return Optional.of("state root " + proposed.stateRoot() + " differs from executed " + executed.stateRoot());
        }
        if (!proposed.receiptsRoot().equals(executed.receiptsRoot())) {
            return Optional.of(
                    "receipts root " + proposed.receiptsRoot() + " differs from executed " + executed.receiptsRoot());
        }
        if (proposed.gasUsed() != executed.gasUsed() || proposed.fuelUsed() != executed.fuelUsed()) {
            return Optional.of("gas/fuel used " + proposed.gasUsed() + "/" + proposed.fuelUsed()
                    + " differ from executed " + executed.gasUsed() + "/" + executed.fuelUsed());
        }
        if (!proposed.logsBloom().equals(executed.logsBloom())) {
            return Optional.of("logs bloom differs from executed");
        }
        if (!proposed.hash().equals(executed.hash())) {
            return Optional.of("header " + proposed.hash() + " differs from executed " + executed.hash());
        }
        return Optional.empty();
    }
}
