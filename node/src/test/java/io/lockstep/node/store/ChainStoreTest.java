package io.lockstep.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.core.state.MissingNodeException;
import io.lockstep.core.state.Node;
import io.lockstep.core.state.NodeKey;
import io.lockstep.core.state.NodeRef;
import io.lockstep.core.state.SparseMerkleTree;
import io.lockstep.core.state.TreeUpdate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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

/** The store's node cache, stale records and batches, beside what ChainStoreCrashTest covers. */
class ChainStoreTest {

    private static final long SEED = 23;

    @TempDir
    Path dir;

    @Test
    void theNodeCacheNeverChangesWhatIsRead() {
        try (ChainStore cached = ChainStore.open(dir.resolve("cached"));
                ChainStore uncached = ChainStore.open(dir.resolve("uncached"), new ChainStore.Tuning(-1, 1 << 20))) {
            SparseMerkleTree withCache = new SparseMerkleTree(cached);
            SparseMerkleTree without = new SparseMerkleTree(uncached);
            NodeRef root = NodeRef.EMPTY;
            for (long version = 0; version < 40; version++) {
                Map<byte[], byte[]> changes = StoreWorkload.changes(SEED, version);
                TreeUpdate update = withCache.update(root, version, changes);
                TreeUpdate same = without.update(root, version, changes);
                assertEquals(update.root(), same.root(), "version " + version);
                try (ChainStore.Batch batch = cached.batch(version)) {
                    batch.putState(update).commit();
                }
                try (ChainStore.Batch batch = uncached.batch(version)) {
                    batch.putState(same).commit();
                }
                root = update.root();
                if (version % 9 == 8) {
                    cached.pruneBelow(version - 5);
                    uncached.pruneBelow(version - 5);
                }
                for (long v = cached.oldestVersion(); v <= version; v++) {
                    NodeRef at = cached.stateRoot(v);
                    assertEquals(uncached.stateRoot(v), at);
                    assertEquals(without.leaves(at), withCache.leaves(at), "version " + v + " after " + version);
                }
            }
            assertTrue(cached.nodeCacheStats().hits() > 0, "the cache answered nothing");
            assertEquals(0, uncached.nodeCacheStats().hits());
        }
    }

    @Test
    void aPrunedNodeIsNotServedFromTheCache() {
        try (ChainStore store = ChainStore.open(dir)) {
            SparseMerkleTree tree = new SparseMerkleTree(store);
            Map<byte[], byte[]> many = new HashMap<>();
            for (int i = 0; i < 64; i++) {
                many.put(bytes("k" + i), bytes("v" + i));
            }
            TreeUpdate first = commit(store, tree, NodeRef.EMPTY, 0, many);
            // Deleting all but two keys leaves most places of version 0 empty in the newer versions, so
            // reading version 0 there puts its nodes in the cache.
            Map<byte[], byte[]> shrink = new HashMap<>();
            for (int i = 2; i < 64; i++) {
                shrink.put(bytes("k" + i), null);
            }
            NodeRef root = commit(store, tree, first.root(), 1, shrink).root();
            for (long version = 2; version < 5; version++) {
                root = commit(store, tree, root, version, Map.of(bytes("k0"), bytes("w" + version)))
                        .root();
            }
            NodeKey deep = first.newNodes().keySet().stream()
                    .filter(key -> key.depth() == 3)
                    .findFirst()
                    .orElseThrow();
            Node node = store.node(deep);
            long hits = store.nodeCacheStats().hits();
            assertEquals(node, store.node(deep));
            assertEquals(hits + 1, store.nodeCacheStats().hits(), "the second read came from the cache");

            store.pruneBelow(3);
            assertThrows(MissingNodeException.class, () -> store.node(deep));
            assertEquals(2, tree.leaves(store.stateRoot(4)).size());
        }
    }

    @Test
    void leavesThatFitASlotAreReadFromTheCacheAndLargerOnesFromRocksDb() {
        byte[] small = bytes("small");
        byte[] large = bytes("large");
        byte[] largeValue = new byte[200];
        Arrays.fill(largeValue, (byte) 7);
        NodeRef root;
        try (ChainStore store = ChainStore.open(dir)) {
            SparseMerkleTree tree = new SparseMerkleTree(store);
            root = commit(store, tree, NodeRef.EMPTY, 0, Map.of(small, bytes("v"), large, largeValue))
                    .root();
            long misses = store.nodeCacheStats().misses();
            assertArrayEquals(bytes("v"), tree.get(root, small).orElseThrow());
            assertEquals(misses, store.nodeCacheStats().misses(), "the commit put the small leaf's path in the cache");
            for (int read = 1; read <= 2; read++) {
                assertArrayEquals(largeValue, tree.get(root, large).orElseThrow());
                assertEquals(misses + read, store.nodeCacheStats().misses(), "the large leaf is never kept");
            }
        }
        try (ChainStore reopened = ChainStore.open(dir)) {
            SparseMerkleTree tree = new SparseMerkleTree(reopened);
            assertArrayEquals(bytes("v"), tree.get(root, small).orElseThrow());
            long misses = reopened.nodeCacheStats().misses();
            assertTrue(misses >= 2, "an empty cache reads the root and the leaf from RocksDB: " + misses);
            assertArrayEquals(bytes("v"), tree.get(root, small).orElseThrow());
            assertEquals(misses, reopened.nodeCacheStats().misses(), "the nodes read were kept");
            assertEquals(misses, reopened.nodeCacheStats().size(), "every node read fits a slot");
        }
    }

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
            assertThrows(IllegalArgumentException.class, () -> new ChainStore.Tuning(23, 0));
            assertThrows(IllegalArgumentException.class, () -> new ChainStore.Tuning(-2, 0));
            assertThrows(IllegalArgumentException.class, () -> new ChainStore.Tuning(10, -1));
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
