package io.lockstep.node.store;

import io.lockstep.core.state.MissingNodeException;
import io.lockstep.core.state.Node;
import io.lockstep.core.state.NodeKey;
import io.lockstep.core.state.NodeReader;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.TreeUpdate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.CompressionType;
import org.rocksdb.DBOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteBatch;
import org.rocksdb.WriteOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's database. Everything a block changes (state tree nodes, the version's root, stale records,
 * and the block's own records) goes into one {@link Batch}, written atomically with the write-ahead log
 * synced before {@link Batch#commit()} returns: after a crash at any instant, the database holds every
 * committed block whole and nothing of one that was not.
 *
 * <p>Layout (column families): {@code meta} (latest version, oldest retained version), {@code
 * state_nodes} ({@link NodeKey} encoding → node encoding), {@code state_roots} (version → root ref),
 * {@code state_stale} (version → the keys of the nodes it made stale, {@link StaleRecord}; stores
 * written before those lists hold version ‖ node key → empty instead, which pruning still reads), and
 * {@code blocks}, {@code receipts}, {@code indexes} for the chain's own records.
 *
 * <p>Reads of state nodes go through a bounded cache of the top of the tree, kept as bytes ({@link
 * Tuning}), which each commit fills with the nodes the next block's update reads first.
 */
public final class ChainStore implements NodeReader, AutoCloseable {

    /** The column families, in the order they are opened. */
    public enum Column {
        META("meta"),
        STATE_NODES("state_nodes"),
        STATE_ROOTS("state_roots"),
        STATE_STALE("state_stale"),
        BLOCKS("blocks"),
        RECEIPTS("receipts"),
        INDEXES("indexes");

        final String familyName;

        Column(String familyName) {
            this.familyName = familyName;
        }
    }

    /**
     * Memory the store uses to read faster; none of it changes what is stored.
     *
     * @param nodeCacheDepth the deepest state nodes kept in memory (the root is at depth 0), up to 22; -1
     *     for none. The cache has one 128-byte slot per position, 2^(depth+1) - 1 of them, in one array
     *     per level on the Java heap, allocated when the first node of that level is kept: at most 128
     *     MiB at depth 19, 4 MiB at 14, 1 GiB at 22. A leaf whose key and value take more than 76 bytes
     *     together is not kept.
     * @param blockCacheBytes RocksDB's cache of table blocks, shared by all column families
     */
    public record Tuning(int nodeCacheDepth, long blockCacheBytes) {

        /**
         * The top 20 levels of the tree (depth 0..19): 1,048,575 slots, 128 MiB of heap once the state
         * has nodes at depth 19 (a state of a few thousand keys most likely has), in arrays that garbage
         * collections neither copy nor scan. For a million keys that leaves about 3 of a key's 21 node
         * reads to RocksDB (docs/benchmarks.md, "State commit").
         */
        public static final Tuning DEFAULT = new Tuning(19, 128L << 20);

        public Tuning {
            if (nodeCacheDepth < -1 || nodeCacheDepth > 22) {
                throw new IllegalArgumentException("nodeCacheDepth must be -1..22: " + nodeCacheDepth);
            }
            if (blockCacheBytes < 0) {
                throw new IllegalArgumentException("blockCacheBytes must not be negative: " + blockCacheBytes);
            }
        }
    }

    /**
     * How the node cache did: reads it answered, reads that went to RocksDB, nodes it holds, and the bytes
     * of its slots allocated so far.
     */
    public record NodeCacheStats(long hits, long misses, int size, long bytes) {}

    private static final Logger LOG = LoggerFactory.getLogger(ChainStore.class);
    private static final byte[] LATEST_VERSION = "latest_version".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] OLDEST_VERSION = "oldest_version".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions options;
    private final ColumnFamilyOptions familyOptions;
    private final ColumnFamilyOptions nodeOptions;
    private final LRUCache blockCache;
    private final WriteOptions syncWrites;
    private final NodeCache nodeCache;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final Map<Column, ColumnFamilyHandle> columns = new EnumMap<>(Column.class);
    private long latestVersion;
    private long oldestVersion;

    private ChainStore(Path directory, Tuning tuning) throws RocksDBException {
        this.directory = directory;
        this.options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        this.blockCache = new LRUCache(tuning.blockCacheBytes());
        this.familyOptions =
                new ColumnFamilyOptions().setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache));
        // A state node is mostly hashes, which do not compress, and most node reads miss the block cache:
        // without compression such a read does not decompress a whole block for one node.
        this.nodeOptions = new ColumnFamilyOptions()
                .setTableFormatConfig(new BlockBasedTableConfig().setBlockCache(blockCache))
                .setCompressionType(CompressionType.NO_COMPRESSION);
        this.syncWrites = new WriteOptions().setSync(true);
        this.nodeCache = new NodeCache(tuning.nodeCacheDepth());
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
        for (Column column : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(
                    column.familyName.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                    column == Column.STATE_NODES ? nodeOptions : familyOptions));
        }
        this.handles = new ArrayList<>();
        this.db = RocksDB.open(options, directory.toString(), descriptors, handles);
        for (Column column : Column.values()) {
            columns.put(column, handles.get(column.ordinal() + 1));
        }
        byte[] latest = db.get(columns.get(Column.META), LATEST_VERSION);
        byte[] oldest = db.get(columns.get(Column.META), OLDEST_VERSION);
        this.latestVersion = latest == null ? -1 : Bytes.readLong(latest, 0);
        this.oldestVersion = oldest == null ? 0 : Bytes.readLong(oldest, 0);
    }

    /**
     * Opens the database in {@code directory}, creating it when absent.
     *
     * @throws StoreException when it cannot be opened (held by another process, damaged, unwritable)
     */
    public static ChainStore open(Path directory) {
        return open(directory, Tuning.DEFAULT);
    }

    /**
     * Opens the database in {@code directory}, creating it when absent, with the given caches.
     *
     * @throws StoreException when it cannot be opened (held by another process, damaged, unwritable)
     */
    public static ChainStore open(Path directory, Tuning tuning) {
        Objects.requireNonNull(directory, "directory");
        Objects.requireNonNull(tuning, "tuning");
        try {
            Files.createDirectories(directory);
            ChainStore store = new ChainStore(directory, tuning);
            LOG.info("opened chain store {} at version {}", directory, store.latestVersion);
            return store;
        } catch (IOException | RocksDBException e) {
            throw new StoreException("cannot open the chain store in " + directory + ": " + e.getMessage(), e);
        }
    }

    public Path directory() {
        return directory;
    }

    /** The latest committed version (block height), or -1 for an empty store. */
    public synchronized long latestVersion() {
        return latestVersion;
    }

    /** The oldest version whose state is still kept. */
    public synchronized long oldestVersion() {
        return oldestVersion;
    }

    /**
     * The state root of {@code version}: the root written by the newest version at or below it.
     *
     * @throws IllegalArgumentException when {@code version} is pruned or not yet written
     */
    public NodeRef stateRoot(long version) {
        synchronized (this) {
            if (version < oldestVersion || version > latestVersion) {
                throw new IllegalArgumentException("state of version " + version + " is not kept; kept are "
                        + oldestVersion + ".." + latestVersion);
            }
        }
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = db.newIterator(columns.get(Column.STATE_ROOTS), read)) {
            it.seekForPrev(Bytes.longKey(version));
            if (!it.isValid()) {
                return NodeRef.EMPTY;
            }
            return NodeRef.decode(it.value());
        }
    }

    @Override
    public Node node(NodeKey key) {
        Node cached = nodeCache.get(key);
        if (cached != null) {
            return cached;
        }
        long epoch = nodeCache.epoch();
        byte[] bytes = get(Column.STATE_NODES, key.encode());
        if (bytes == null) {
            throw new MissingNodeException(key);
        }
        Node node = Node.decode(bytes);
        nodeCache.offer(key, node, epoch);
        return node;
    }

    /** How the cache of state nodes has done since the store was opened. */
    public NodeCacheStats nodeCacheStats() {
        return nodeCache.stats();
    }

    /** A raw read of {@code key} in {@code column}, or {@code null}. */
    public byte[] get(Column column, byte[] key) {
        try {
            return db.get(columns.get(column), key);
        } catch (RocksDBException e) {
            throw new StoreException("read from " + column.familyName + " failed: " + e.getMessage(), e);
        }
    }

    /** One key and its value, as a scan finds them. */
    public record Entry(byte[] key, byte[] value) {}

    /**
     * The entries of {@code column} whose keys start with {@code prefix}, in key order (unsigned bytes), at
     * most {@code limit} of them.
     */
    public List<Entry> scan(Column column, byte[] prefix, int limit) {
        Objects.requireNonNull(prefix, "prefix");
        if (limit < 0) {
            throw new IllegalArgumentException("a scan's limit is not negative, got " + limit);
        }
        List<Entry> out = new ArrayList<>();
        try (ReadOptions read = new ReadOptions();
                RocksIterator it = db.newIterator(columns.get(column), read)) {
            for (it.seek(prefix); it.isValid() && out.size() < limit; it.next()) {
                byte[] key = it.key();
                if (!startsWith(key, prefix)) {
                    break;
                }
                out.add(new Entry(key, it.value()));
            }
            it.status();
        } catch (RocksDBException e) {
            throw new StoreException("scan of " + column.familyName + " failed: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean startsWith(byte[] key, byte[] prefix) {
        return key.length >= prefix.length && java.util.Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length);
    }

    /** Starts the batch of one version. */
    public Batch batch(long version) {
        synchronized (this) {
            if (version <= latestVersion) {
                throw new IllegalArgumentException(
                        "version " + version + " is not after the latest committed, " + latestVersion);
            }
        }
        return new Batch(version);
    }

    /**
     * Drops the state of every version below {@code keepFrom}: the nodes that went stale at or before it,
     * and its stale records, in one batch.
     */
    public synchronized void pruneBelow(long keepFrom) {
        if (keepFrom <= oldestVersion) {
            return;
        }
        long target = Math.min(keepFrom, latestVersion);
        nodeCache.beginPrune();
        List<NodeKey> deleted = new ArrayList<>();
        try (WriteBatch batch = new WriteBatch();
                ReadOptions read = new ReadOptions();
                RocksIterator it = db.newIterator(columns.get(Column.STATE_STALE), read)) {
            for (it.seekToFirst(); it.isValid(); it.next()) {
                byte[] key = it.key();
                if (Bytes.readLong(key, 0) > target) {
                    break;
                }
                // A key of the version alone holds the version's list; a longer one is a single node,
                // as stores written before the lists were introduced hold them.
                List<byte[]> nodeKeys = key.length == Long.BYTES
                        ? StaleRecord.nodeKeys(it.value())
                        : List.of(java.util.Arrays.copyOfRange(key, Long.BYTES, key.length));
                for (byte[] nodeKey : nodeKeys) {
                    batch.delete(columns.get(Column.STATE_NODES), nodeKey);
                    deleted.add(NodeKey.decode(nodeKey));
                }
                batch.delete(columns.get(Column.STATE_STALE), key);
            }
            batch.put(columns.get(Column.META), OLDEST_VERSION, Bytes.longKey(target));
            db.write(syncWrites, batch);
            nodeCache.removeAll(deleted);
            oldestVersion = target;
            LOG.debug("pruned state below version {}: {} nodes", target, deleted.size());
        } catch (RocksDBException e) {
            throw new StoreException("pruning below version " + keepFrom + " failed: " + e.getMessage(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (ColumnFamilyHandle handle : handles) {
            handle.close();
        }
        try {
            db.syncWal();
        } catch (RocksDBException e) {
            LOG.warn("syncing the write-ahead log on close failed: {}", e.getMessage());
        }
        db.close();
        syncWrites.close();
        familyOptions.close();
        nodeOptions.close();
        blockCache.close();
        options.close();
    }

    /** The writes of one version, committed all at once or not at all. */
    public final class Batch implements AutoCloseable {
        private final long version;
        private final SerializedWriteBatch writes = new SerializedWriteBatch();
        private TreeUpdate update;
        /** The encodings of the update's new nodes, which the node cache takes after the commit. */
        private byte[][] encodings;

        private boolean committed;

        private Batch(long version) {
            this.version = version;
        }

        public long version() {
            return version;
        }

        /** Adds this version's state tree update; a version has one. */
        public Batch putState(TreeUpdate update) {
            if (this.update != null) {
                throw new IllegalStateException("the batch of version " + version + " already has its state update");
            }
            if (update.version() != version) {
                throw new IllegalArgumentException(
                        "tree update of version " + update.version() + " in the batch of " + version);
            }
            int nodes = id(Column.STATE_NODES);
            encodings = new byte[update.newNodes().size()][];
            int i = 0;
            for (Map.Entry<NodeKey, Node> e : update.newNodes().entrySet()) {
                byte[] encoding = e.getValue().encode();
                writes.put(nodes, e.getKey().encode(), encoding);
                encodings[i++] = encoding;
            }
            writes.put(
                    id(Column.STATE_ROOTS),
                    Bytes.longKey(version),
                    update.root().encode());
            if (!update.staleNodes().isEmpty()) {
                writes.put(id(Column.STATE_STALE), Bytes.longKey(version), StaleRecord.encode(update.staleNodes()));
            }
            this.update = update;
            return this;
        }

        /** Adds a raw write. */
        public Batch put(Column column, byte[] key, byte[] value) {
            if (column == Column.META
                    || column == Column.STATE_NODES
                    || column == Column.STATE_ROOTS
                    || column == Column.STATE_STALE) {
                throw new IllegalArgumentException(column + " is written by the store itself");
            }
            writes.put(id(column), Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** Writes everything, synced, and makes {@link #version()} the latest. */
        public void commit() {
            if (committed) {
                throw new IllegalStateException("batch of version " + version + " already committed");
            }
            synchronized (ChainStore.this) {
                if (version <= latestVersion) {
                    throw new IllegalStateException(
                            "version " + version + " is not after the latest committed, " + latestVersion);
                }
                writes.put(id(Column.META), LATEST_VERSION, Bytes.longKey(version));
                try (WriteBatch batch = new WriteBatch(writes.toByteArray())) {
                    db.write(syncWrites, batch);
                } catch (RocksDBException e) {
                    throw new StoreException("committing version " + version + " failed: " + e.getMessage(), e);
                }
                latestVersion = version;
                committed = true;
                if (update != null) {
                    nodeCache.committed(update, encodings);
                }
            }
        }

        /** Nothing to release: the batch lives in Java until {@link #commit()}. */
        @Override
        public void close() {}

        private int id(Column column) {
            return columns.get(column).getID();
        }
    }
}
