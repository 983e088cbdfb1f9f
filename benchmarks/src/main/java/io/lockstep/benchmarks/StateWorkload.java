package io.lockstep.benchmarks;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * The state the commit benchmark builds and the blocks it commits, with keys and values shaped like the
 * node's: a quarter are accounts ({@code 0x01 ‖ 20-byte address} → 41 to 73 bytes), the rest contract
 * storage slots ({@code 0x02 ‖ address ‖ 32-byte slot} → 32 bytes). Key number {@code i} is a function
 * of the seed and {@code i}, so the state is never held in memory: a block picks existing keys by number
 * and regenerates them.
 */
final class StateWorkload {

    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private final long seed;
    private final SplittableRandom blocks;
    private long keyCount;

    StateWorkload(long seed) {
        this.seed = seed;
        this.blocks = new SplittableRandom(seed);
    }

    /** How many distinct keys the state holds so far. */
    long keyCount() {
        return keyCount;
    }

    /** Keys {@code keyCount .. keyCount + count - 1}, with their first values: one batch of the initial state. */
    Map<byte[], byte[]> newKeys(int count) {
        Map<byte[], byte[]> changes = new TreeMap<>(Arrays::compareUnsigned);
        for (int i = 0; i < count; i++) {
            long index = keyCount + i;
            byte[] key = key(index);
            changes.put(key, value(key, new SplittableRandom(mix(index) ^ GOLDEN)));
        }
        keyCount += count;
        return changes;
    }

    /**
     * The changes of one block: {@code writes} keys, of which {@code newKeys} are keys the state does not
     * hold yet and the rest existing keys picked uniformly at random (each at most once), all with fresh
     * values.
     */
    Map<byte[], byte[]> block(int writes, int newKeys) {
        if (newKeys > writes || writes - newKeys > keyCount) {
            throw new IllegalArgumentException(
                    writes + " writes with " + newKeys + " new keys on a state of " + keyCount + " keys");
        }
        Map<byte[], byte[]> changes = new TreeMap<>(Arrays::compareUnsigned);
        Set<Long> updated = new HashSet<>();
        while (updated.size() < writes - newKeys) {
            updated.add(blocks.nextLong(keyCount));
        }
        for (long index : updated) {
            byte[] key = key(index);
            changes.put(key, value(key, blocks));
        }
        for (int i = 0; i < newKeys; i++) {
            byte[] key = key(keyCount + i);
            changes.put(key, value(key, blocks));
        }
        keyCount += newKeys;
        return changes;
    }

    /** Random bytes standing in for a block's own records (header, transactions, receipts). */
    byte[] blockRecord(int length) {
        byte[] bytes = new byte[length];
        blocks.nextBytes(bytes);
        return bytes;
    }

    private byte[] key(long index) {
        SplittableRandom random = new SplittableRandom(mix(index));
        byte[] key = new byte[index % 4 == 0 ? 21 : 53];
        random.nextBytes(key);
        key[0] = (byte) (key.length == 21 ? 0x01 : 0x02);
        return key;
    }

    private static byte[] value(byte[] key, SplittableRandom random) {
        byte[] value = new byte[key[0] == 0x01 ? 41 + random.nextInt(33) : 32];
        random.nextBytes(value);
        return value;
    }

    private long mix(long index) {
        return seed * GOLDEN + index;
    }
}
