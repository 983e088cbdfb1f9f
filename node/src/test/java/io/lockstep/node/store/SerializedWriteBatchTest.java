package io.lockstep.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/** RocksDB reads the batch built in Java as the puts that built it, and builds the same bytes itself. */
class SerializedWriteBatchTest {

    private static final long SEED = 17;

    static {
        RocksDB.loadLibrary();
    }

    /** One put: column family id, key, value. */
    private record Put(int family, byte[] key, byte[] value) {}

    @Test
    void rocksDbReadsBackEveryPut() throws RocksDBException {
        SplittableRandom random = new SplittableRandom(SEED);
        SerializedWriteBatch ours = new SerializedWriteBatch();
        List<Put> puts = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            // Ids and lengths past one varint byte, and the default family, which has a record type of its own.
            int family = i % 7 == 0 ? 0 : i % 11 == 0 ? 128 + random.nextInt(100_000) : 1 + random.nextInt(6);
            byte[] key = new byte[random.nextInt(4) == 0 ? 128 + random.nextInt(300) : random.nextInt(40)];
            byte[] value = new byte[random.nextInt(8) == 0 ? 16_384 + random.nextInt(200_000) : random.nextInt(90)];
            random.nextBytes(key);
            random.nextBytes(value);
            ours.put(family, key, value);
            puts.add(new Put(family, key, value));
        }
        List<Put> read = new ArrayList<>();
        try (WriteBatch batch = new WriteBatch(ours.toByteArray());
                Recorder recorder = new Recorder(read)) {
            assertEquals(300, batch.count());
            batch.iterate(recorder);
        }
        assertEquals(puts.size(), read.size(), "seed " + SEED);
        for (int i = 0; i < puts.size(); i++) {
            assertEquals(puts.get(i).family(), read.get(i).family(), "put " + i);
            assertArrayEquals(puts.get(i).key(), read.get(i).key(), "put " + i);
            assertArrayEquals(puts.get(i).value(), read.get(i).value(), "put " + i);
        }
    }

    @Test
    void itIsTheBatchRocksDbBuildsForTheDefaultFamily() throws RocksDBException {
        SerializedWriteBatch ours = new SerializedWriteBatch();
        try (WriteBatch theirs = new WriteBatch()) {
            for (int i = 0; i < 50; i++) {
                byte[] key = ("key " + i).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                byte[] value = new byte[i * 7];
                ours.put(0, key, value);
                theirs.put(key, value);
            }
            assertArrayEquals(theirs.data(), ours.toByteArray());
        }
    }

    @Test
    void aNegativeFamilyIsRefused() {
        assertThrows(
                IllegalArgumentException.class, () -> new SerializedWriteBatch().put(-1, new byte[1], new byte[1]));
    }

    /** Records puts; anything else in the batch is a failure. */
    private static final class Recorder extends WriteBatch.Handler {
        private final List<Put> puts;

        Recorder(List<Put> puts) {
            this.puts = puts;
        }

        @Override
        public void put(int family, byte[] key, byte[] value) {
            puts.add(new Put(family, key, value));
        }

        @Override
        public void put(byte[] key, byte[] value) {
            puts.add(new Put(0, key, value));
        }

        @Override
        public void merge(int family, byte[] key, byte[] value) {
            throw unexpected("merge");
        }

        @Override
        public void merge(byte[] key, byte[] value) {
            throw unexpected("merge");
        }

        @Override
        public void delete(int family, byte[] key) {
            throw unexpected("delete");
        }

        @Override
        public void delete(byte[] key) {
            throw unexpected("delete");
        }

        @Override
        public void singleDelete(int family, byte[] key) {
            throw unexpected("singleDelete");
        }

        @Override
        public void singleDelete(byte[] key) {
            throw unexpected("singleDelete");
        }

        @Override
        public void deleteRange(int family, byte[] begin, byte[] end) {
            throw unexpected("deleteRange");
        }

        @Override
        public void deleteRange(byte[] begin, byte[] end) {
            throw unexpected("deleteRange");
        }

        @Override
        public void logData(byte[] blob) {
            throw unexpected("logData");
        }

        @Override
        public void putBlobIndex(int family, byte[] key, byte[] value) {
            throw unexpected("putBlobIndex");
        }

        @Override
        public void markBeginPrepare() {
            throw unexpected("markBeginPrepare");
        }

        @Override
        public void markEndPrepare(byte[] xid) {
            throw unexpected("markEndPrepare");
        }

        @Override
        public void markNoop(boolean emptyBatch) {
            throw unexpected("markNoop");
        }

        @Override
        public void markRollback(byte[] xid) {
            throw unexpected("markRollback");
        }

        @Override
        public void markCommit(byte[] xid) {
            throw unexpected("markCommit");
        }

        @Override
        public void markCommitWithTimestamp(byte[] xid, byte[] timestamp) {
            throw unexpected("markCommitWithTimestamp");
        }

        private static IllegalStateException unexpected(String record) {
            return new IllegalStateException("a " + record + " record in a batch of puts");
        }
    }
}
