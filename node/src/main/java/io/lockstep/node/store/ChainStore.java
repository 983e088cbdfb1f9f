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
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.ColumnFamilyOptions;
import org.rocksdb.DBOptions;
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

    private static final Logger LOG = LoggerFactory.getLogger(ChainStore.class);
    private static final byte[] LATEST_VERSION = "latest_version".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] OLDEST_VERSION = "oldest_version".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    static {
        RocksDB.loadLibrary();
    }

    private final Path directory;
    private final DBOptions options;
    private final ColumnFamilyOptions familyOptions;
    private final WriteOptions syncWrites;
    private final RocksDB db;
    private final List<ColumnFamilyHandle> handles;
    private final Map<Column, ColumnFamilyHandle> columns = new EnumMap<>(Column.class);
    private long latestVersion;
    private long oldestVersion;

    private ChainStore(Path directory) throws RocksDBException {
        this.directory = directory;
        this.options = new DBOptions().setCreateIfMissing(true).setCreateMissingColumnFamilies(true);
        this.familyOptions = new ColumnFamilyOptions();
        this.syncWrites = new WriteOptions().setSync(true);
        List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
        descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, familyOptions));
        for (Column column : Column.values()) {
            descriptors.add(new ColumnFamilyDescriptor(
                    column.familyName.getBytes(java.nio.charset.StandardCharsets.US_ASCII), familyOptions));
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
        Objects.requireNonNull(directory, "directory");
        try {
            Files.createDirectories(directory);
            ChainStore store = new ChainStore(directory);
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
        byte[] bytes = get(Column.STATE_NODES, key.encode());
        if (bytes == null) {
            throw new MissingNodeException(key);
        }
        return Node.decode(bytes);
    }

    /** A raw read of {@code key} in {@code column}, or {@code null}. */
    public byte[] get(Column column, byte[] key) {
        try {
            return db.get(columns.get(column), key);
        } catch (RocksDBException e) {
            throw new StoreException("read from " + column.familyName + " failed: " + e.getMessage(), e);
        }
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
        options.close();
    }

    /** The writes of one version, committed all at once or not at all. */
    public final class Batch implements AutoCloseable {
        private final long version;
        private final SerializedWriteBatch writes = new SerializedWriteBatch();
        private TreeUpdate update;
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
            update.newNodes().forEach((key, node) -> writes.put(nodes, key.encode(), node.encode()));
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
