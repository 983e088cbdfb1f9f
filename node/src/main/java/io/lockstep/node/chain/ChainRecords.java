package io.lockstep.node.chain;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.store.ChainStore;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Committed blocks, receipts and their indexes in the chain store: {@code blocks} height → block
 * encoding; {@code receipts} height → the block's receipts (count, then length-prefixed encodings);
 * {@code indexes} {@code 'b' ‖ block hash} → height, {@code 't' ‖ tx hash} → height ‖ index, {@code 'g'} →
 * the genesis block's hash. Blocks and receipts are never pruned.
 *
 * <p>The most recently committed blocks are also kept decoded ({@link #remember}): decoding a stored block
 * verifies every transaction's signature again, a public-key recovery each, which costs about as much as
 * admitting the transaction did; and the newest blocks are the ones clients read, several times each
 * (block polling, receipts, calls at {@code latest}). Thread-safe.
 */
public final class ChainRecords {

    /** Decoded blocks kept at most. */
    static final int RECENT_BLOCKS = 64;

    /** Transactions in the decoded blocks kept at most (the newest block is kept whatever its size). */
    static final int RECENT_TRANSACTIONS = 20_000;

    private static final byte BLOCK_INDEX = 'b';
    private static final byte TX_INDEX = 't';
    private static final byte[] GENESIS_KEY = {'g'};

    /** Where a transaction sits: block height and index in the block. */
    public record Location(long height, int index) {}

    private final ChainStore store;
    private final Deque<Block> recent = new ArrayDeque<>(); // oldest first, consecutive heights; guarded by itself
    private int recentTransactions; // guarded by recent

    public ChainRecords(ChainStore store) {
        this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Keeps {@code block}, just committed, decoded for readers; the oldest kept blocks are dropped beyond
     * {@link #RECENT_BLOCKS} blocks or {@link #RECENT_TRANSACTIONS} transactions.
     */
    void remember(Block block) {
        synchronized (recent) {
            Block newest = recent.peekLast();
            if (newest != null && newest.header().height() + 1 != block.header().height()) {
                recent.clear(); // not the next height: start over rather than keep a gap
                recentTransactions = 0;
            }
            recent.addLast(block);
            recentTransactions += block.transactions().size();
            while (recent.size() > RECENT_BLOCKS || (recentTransactions > RECENT_TRANSACTIONS && recent.size() > 1)) {
                recentTransactions -= recent.removeFirst().transactions().size();
            }
        }
    }

    private Optional<Block> recent(long height) {
        synchronized (recent) {
            Block newest = recent.peekLast();
            if (newest == null
                    || height > newest.header().height()
                    || height <= newest.header().height() - recent.size()) {
                return Optional.empty();
            }
            Iterator<Block> newestFirst = recent.descendingIterator();
            for (long h = newest.header().height(); h > height; h--) {
                newestFirst.next();
            }
            return Optional.of(newestFirst.next());
        }
    }

    /** Adds {@code block} and its receipts, with their indexes, to {@code batch}. */
    void write(ChainStore.Batch batch, Block block, List<Receipt> receipts) {
        long height = block.header().height();
        batch.put(ChainStore.Column.BLOCKS, heightKey(height), block.encode());
        batch.put(ChainStore.Column.RECEIPTS, heightKey(height), encodeReceipts(receipts));
        batch.put(ChainStore.Column.INDEXES, key(BLOCK_INDEX, block.hash()), heightKey(height));
        List<SignedTransaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            byte[] location = ByteBuffer.allocate(12).putLong(height).putInt(i).array();
            batch.put(ChainStore.Column.INDEXES, key(TX_INDEX, txs.get(i).hash()), location);
        }
        if (height == 0) {
            batch.put(ChainStore.Column.INDEXES, GENESIS_KEY, block.hash().bytes());
        }
    }

    public Optional<Hash32> genesisHash() {
        byte[] bytes = store.get(ChainStore.Column.INDEXES, GENESIS_KEY);
        return bytes == null ? Optional.empty() : Optional.of(Hash32.of(bytes));
    }

    public Optional<Block> block(long height) {
        Optional<Block> kept = recent(height);
        if (kept.isPresent()) {
            return kept;
        }
        byte[] bytes = store.get(ChainStore.Column.BLOCKS, heightKey(height));
        return bytes == null ? Optional.empty() : Optional.of(Block.decode(bytes));
    }

    public Optional<Long> height(Hash32 blockHash) {
        byte[] bytes = store.get(ChainStore.Column.INDEXES, key(BLOCK_INDEX, blockHash));
        return bytes == null
                ? Optional.empty()
                : Optional.of(ByteBuffer.wrap(bytes).getLong());
    }

    public Optional<BlockHeader> header(long height) {
        return block(height).map(Block::header);
    }

    public List<Receipt> receipts(long height) {
        byte[] bytes = store.get(ChainStore.Column.RECEIPTS, heightKey(height));
        return bytes == null ? List.of() : decodeReceipts(bytes);
    }

    public Optional<Location> location(Hash32 txHash) {
        byte[] bytes = store.get(ChainStore.Column.INDEXES, key(TX_INDEX, txHash));
        if (bytes == null) {
            return Optional.empty();
        }
        ByteBuffer in = ByteBuffer.wrap(bytes);
        return Optional.of(new Location(in.getLong(), in.getInt()));
    }

    private static byte[] encodeReceipts(List<Receipt> receipts) {
        List<byte[]> encoded = new ArrayList<>(receipts.size());
        int size = 4;
        for (Receipt receipt : receipts) {
            byte[] bytes = receipt.encode();
            encoded.add(bytes);
            size += 4 + bytes.length;
        }
        ByteBuffer out = ByteBuffer.allocate(size).putInt(encoded.size());
        for (byte[] bytes : encoded) {
            out.putInt(bytes.length).put(bytes);
        }
        return out.array();
    }

    private static List<Receipt> decodeReceipts(byte[] bytes) {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        int count = in.getInt();
        List<Receipt> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] one = new byte[in.getInt()];
            in.get(one);
            out.add(Receipt.decode(one));
        }
        return out;
    }

    static byte[] heightKey(long height) {
        return ByteBuffer.allocate(8).putLong(height).array();
    }

    private static byte[] key(byte tag, Hash32 hash) {
        return ByteBuffer.allocate(33).put(tag).put(hash.bytes()).array();
    }
}
