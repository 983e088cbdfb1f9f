package io.lockstep.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.core.state.NodeKey;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.DBOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** The store's stale records and batches, beside what ChainStoreCrashTest covers. */
class ChainStoreTest {

    private static final long SEED = 23;

    @TempDir
    Path dir;

    @Test
    void staleRecordsOfTheOlderLayoutArePrunedToo() throws RocksDBException {
        NodeKey legacyNode = new NodeKey(0, 9, new byte[32]);
        byte[] legacyRecord = Bytes.concat(Bytes.longKey(1), legacyNode.encode());
        try (ChainStore store = ChainStore.open(dir)) {
            commit(store, new SparseMerkleTree(store), NodeRef.EMPTY, 0, Map.of(bytes("a"), bytes("1")));
        }
        // As a store written before per-version stale lists holds it: one record per node, value empty.
        List<ColumnFamilyDescriptor> families = new ArrayList<>();
        families.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY));
        for (ChainStore.Column column : ChainStore.Column.values()) {
            families.add(new ColumnFamilyDescriptor(column.familyName.getBytes(StandardCharsets.US_ASCII)));
        }
        List<ColumnFamilyHandle> handles = new ArrayList<>();
        try (DBOptions options = new DBOptions();
                RocksDB db = RocksDB.open(options, dir.toString(), families, handles)) {
            db.put(handles.get(ChainStore.Column.STATE_NODES.ordinal() + 1), legacyNode.encode(), bytes("node"));
            db.put(handles.get(ChainStore.Column.STATE_STALE.ordinal() + 1), legacyRecord, new byte[0]);
            handles.forEach(ColumnFamilyHandle::close);
        }
        try (ChainStore store = ChainStore.open(dir)) {
            SparseMerkleTree tree = new SparseMerkleTree(store);
            NodeRef root = store.stateRoot(0);
            for (long version = 1; version < 4; version++) {
                root = commit(store, tree, root, version, Map.of(bytes("a"), bytes("v" + version)))
                        .root();
            }
            assertNotNull(store.get(ChainStore.Column.STATE_NODES, legacyNode.encode()));
            store.pruneBelow(2);
            assertNull(store.get(ChainStore.Column.STATE_NODES, legacyNode.encode()));
            assertNull(store.get(ChainStore.Column.STATE_STALE, legacyRecord));
            assertArrayEquals(
                    bytes("v3"), tree.get(store.stateRoot(3), bytes("a")).orElseThrow());
        }
    }

    @Test
    void aVersionHasOneStateUpdate() {
        try (ChainStore store = ChainStore.open(dir)) {
            TreeUpdate update = new SparseMerkleTree(store).update(NodeRef.EMPTY, 0, Map.of(bytes("a"), bytes("1")));
            try (ChainStore.Batch batch = store.batch(0)) {
                batch.putState(update);
                assertThrows(IllegalStateException.class, () -> batch.putState(update));
                assertThrows(
                        IllegalArgumentException.class,
                        () -> batch.put(ChainStore.Column.STATE_STALE, bytes("k"), bytes("v")));
            }
        }
    }

    private static TreeUpdate commit(
            ChainStore store, SparseMerkleTree tree, NodeRef root, long version, Map<byte[], byte[]> changes) {
        Map<byte[], byte[]> sorted = new TreeMap<>(Arrays::compareUnsigned);
        sorted.putAll(changes);
        TreeUpdate update = tree.update(root, version, sorted);
        try (ChainStore.Batch batch = store.batch(version)) {
            batch.putState(update).commit();
        }
        return update;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
