package io.lockstep.node.chain;

import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.store.ChainStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Committed blocks, receipts and their indexes in the chain store: {@code blocks} height → block
 * encoding; {@code receipts} height → the block's receipts (count, then length-prefixed encodings);
 * {@code indexes} {@code 'b' ‖ block hash} → height, {@code 't' ‖ tx hash} → height ‖ index, {@code 'g'} →
 * the genesis block's hash. Blocks and receipts are never pruned.
 */
public final class ChainRecords {

    private static final byte BLOCK_INDEX = 'b';
    private static final byte TX_INDEX = 't';
    private static final byte[] GENESIS_KEY = {'g'};

    /** Where a transaction sits: block height and index in the block. */
    public record Location(long height, int index) {}

    private final ChainStore store;

    public ChainRecords(ChainStore store) {
        this.store = Objects.requireNonNull(store, "store");
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
