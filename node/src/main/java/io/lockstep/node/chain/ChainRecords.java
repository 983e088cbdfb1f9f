package io.lockstep.node.chain;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Block;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Hash32;
import io.lockstep.core.chain.Log;
import io.lockstep.core.chain.Receipt;
import io.lockstep.core.chain.SignedTransaction;
import io.lockstep.node.execution.ModelRegistryContract;
import io.lockstep.node.store.ChainStore;
import io.lockstep.vm.InferenceRecord;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Committed blocks, receipts and their indexes in the chain store: {@code blocks} height → block
 * encoding; {@code receipts} height → the block's receipts (count, then length-prefixed encodings);
 * {@code indexes} {@code 'b' ‖ block hash} → height, {@code 't' ‖ tx hash} → height ‖ index, {@code 'g'} →
 * the genesis block's hash, {@code 'm' ‖ model hash ‖ height ‖ tx index} → registrant ‖ UTF-8 name for each
 * successful model registration (from the registry's {@code ModelRegistered} logs). Blocks, receipts and
 * indexes are never pruned; they are written in the block's own batch, so they exist exactly when the block
 * does.
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
    private static final byte MODEL_INDEX = 'm';
    private static final byte INFERENCE_INDEX = 'i';

    /** Where a transaction sits: block height and index in the block. */
    public record Location(long height, int index) {}

    /**
     * One successful registration of a model: the block and transaction that made it, the sender and the
     * name it gave (empty when none). A model registered again (under another name, say) has several.
     */
    public record ModelRegistration(Hash32 model, long height, int index, Address registrant, String name) {
        public ModelRegistration {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(registrant, "registrant");
            Objects.requireNonNull(name, "name");
        }
    }

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

    /**
     * Adds {@code block}, its receipts and the inferences each transaction ran (a list per transaction,
     * empty for most), with their indexes, to {@code batch}.
     */
    void write(ChainStore.Batch batch, Block block, List<Receipt> receipts, List<List<InferenceRecord>> inferences) {
        long height = block.header().height();
        batch.put(ChainStore.Column.BLOCKS, heightKey(height), block.encode());
        batch.put(ChainStore.Column.RECEIPTS, heightKey(height), encodeReceipts(receipts));
        batch.put(ChainStore.Column.INDEXES, key(BLOCK_INDEX, block.hash()), heightKey(height));
        List<SignedTransaction> txs = block.transactions();
        for (int i = 0; i < txs.size(); i++) {
            byte[] location = ByteBuffer.allocate(12).putLong(height).putInt(i).array();
            batch.put(ChainStore.Column.INDEXES, key(TX_INDEX, txs.get(i).hash()), location);
        }
        for (int i = 0; i < inferences.size(); i++) {
            if (!inferences.get(i).isEmpty()) {
                batch.put(
                        ChainStore.Column.INDEXES,
                        key(INFERENCE_INDEX, txs.get(i).hash()),
                        InferenceRecordCodec.encode(inferences.get(i)));
            }
        }
        if (height == 0) {
            batch.put(ChainStore.Column.INDEXES, GENESIS_KEY, block.hash().bytes());
        }
        for (int i = 0; i < receipts.size(); i++) {
            for (Log log : receipts.get(i).logs()) {
                int index = i;
                ModelRegistryContract.registered(log)
                        .ifPresent(registered -> batch.put(
                                ChainStore.Column.INDEXES,
                                modelKey(registered.model(), height, index),
                                modelValue(registered.registrant(), registered.name())));
            }
        }
    }

    /** Every model registration, ordered by model hash, then by height and index. */
    public List<ModelRegistration> modelRegistrations() {
        return registrations(new byte[] {MODEL_INDEX});
    }

    /** The registrations of one model, oldest first. */
    public List<ModelRegistration> modelRegistrations(Hash32 model) {
        return registrations(key(MODEL_INDEX, model));
    }

    private List<ModelRegistration> registrations(byte[] prefix) {
        List<ModelRegistration> out = new ArrayList<>();
        for (ChainStore.Entry entry : store.scan(ChainStore.Column.INDEXES, prefix, Integer.MAX_VALUE)) {
            ByteBuffer key = ByteBuffer.wrap(entry.key(), 1, entry.key().length - 1);
            byte[] model = new byte[Hash32.LENGTH];
            key.get(model);
            long height = key.getLong();
            int index = key.getInt();
            byte[] value = entry.value();
            Address registrant = Address.of(Arrays.copyOf(value, Address.LENGTH));
            String name = new String(value, Address.LENGTH, value.length - Address.LENGTH, StandardCharsets.UTF_8);
            out.add(new ModelRegistration(Hash32.of(model), height, index, registrant, name));
        }
        return out;
    }

    private static byte[] modelKey(Hash32 model, long height, int index) {
        return ByteBuffer.allocate(1 + Hash32.LENGTH + 8 + 4)
                .put(MODEL_INDEX)
                .put(model.bytes())
                .putLong(height)
                .putInt(index)
                .array();
    }

    private static byte[] modelValue(Address registrant, String name) {
        byte[] utf8 = name.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Address.LENGTH + utf8.length)
                .put(registrant.bytes())
                .put(utf8)
                .array();
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

    /**
     * The header of the block at {@code height}, decoded without the block's transactions: a whole block's
     * decoding recovers every sender, which a scan over many headers (log queries) cannot afford.
     */
    public Optional<BlockHeader> header(long height) {
        byte[] bytes = store.get(ChainStore.Column.BLOCKS, heightKey(height));
        return bytes == null ? Optional.empty() : Optional.of(BlockHeader.decode(headerBytes(bytes)));
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

    /**
     * The inferences transaction {@code txHash} ran, in order: the WASI-NN computes of a contract call or
     * constructor that succeeded; empty for any other transaction or one the chain does not have.
     */
    public List<InferenceRecord> inferences(Hash32 txHash) {
        byte[] bytes = store.get(ChainStore.Column.INDEXES, key(INFERENCE_INDEX, txHash));
        return bytes == null ? List.of() : InferenceRecordCodec.decode(bytes);
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

    /**
     * The header's encoding inside a block's: the first item of the block's RLP list. Only the prefixes are
     * read here; {@link BlockHeader#decode} checks the header strictly.
     */
    static byte[] headerBytes(byte[] block) {
        int start = payloadStart(block, 0);
        int end = start + itemLength(block, start);
        if (end > block.length) {
            throw new IllegalArgumentException("a stored block's header runs past its end");
        }
        return Arrays.copyOfRange(block, start, end);
    }

    /** Where the payload of the RLP list at {@code at} begins. */
    private static int payloadStart(byte[] rlp, int at) {
        int prefix = rlp[at] & 0xFF;
        if (prefix < 0xC0) {
            throw new IllegalArgumentException("a stored block is not an RLP list");
        }
        return prefix <= 0xF7 ? at + 1 : at + 1 + (prefix - 0xF7);
    }

    /** The whole length (prefix and payload) of the RLP list at {@code at}. */
    private static int itemLength(byte[] rlp, int at) {
        int prefix = rlp[at] & 0xFF;
        if (prefix < 0xC0) {
            throw new IllegalArgumentException("a stored block's header is not an RLP list");
        }
        if (prefix <= 0xF7) {
            return 1 + prefix - 0xC0;
        }
        int lengthBytes = prefix - 0xF7;
        if (lengthBytes > 4 || at + lengthBytes >= rlp.length) {
            throw new IllegalArgumentException("a stored block's header has a bad length prefix");
        }
        long payload = 0;
        for (int i = 1; i <= lengthBytes; i++) {
            payload = (payload << 8) | (rlp[at + i] & 0xFF);
        }
        if (payload > Integer.MAX_VALUE - 1 - lengthBytes) {
            throw new IllegalArgumentException("a stored block's header is too long");
        }
        return (int) (1 + lengthBytes + payload);
    }

    static byte[] heightKey(long height) {
        return ByteBuffer.allocate(8).putLong(height).array();
    }

    private static byte[] key(byte tag, Hash32 hash) {
        return ByteBuffer.allocate(33).put(tag).put(hash.bytes()).array();
    }
}
