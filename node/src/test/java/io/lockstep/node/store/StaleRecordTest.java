package io.lockstep.node.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.core.state.NodeKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A version's stale record: the node keys it lists, and what a damaged one does. */
class StaleRecordTest {

    @Test
    void theKeysComeBackAsStored() {
        SplittableRandom random = new SplittableRandom(5);
        List<NodeKey> keys = new ArrayList<>();
        for (int depth : new int[] {0, 1, 7, 8, 9, 20, 255, 256}) {
            byte[] path = new byte[32];
            random.nextBytes(path);
            keys.add(new NodeKey(random.nextLong(Long.MAX_VALUE), depth, path));
        }
        List<byte[]> back = StaleRecord.nodeKeys(StaleRecord.encode(keys));
        assertEquals(keys.size(), back.size());
        for (int i = 0; i < keys.size(); i++) {
            assertArrayEquals(keys.get(i).encode(), back.get(i), "key " + i);
        }
        assertEquals(List.of(), StaleRecord.nodeKeys(StaleRecord.encode(List.of())));
    }

    @Test
    void damagedRecordsAreRefused() {
        byte[] one = StaleRecord.encode(List.of(new NodeKey(3, 12, new byte[32])));
        assertThrows(StoreException.class, () -> StaleRecord.nodeKeys(Arrays.copyOf(one, one.length - 1)));
        assertThrows(StoreException.class, () -> StaleRecord.nodeKeys(Arrays.copyOf(one, one.length + 3)));
        byte[] deep = one.clone();
        deep[8] = 0x01;
        deep[9] = 0x01; // depth 257
        assertThrows(StoreException.class, () -> StaleRecord.nodeKeys(deep));
    }
}
