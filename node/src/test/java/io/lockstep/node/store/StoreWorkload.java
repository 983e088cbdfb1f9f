package io.lockstep.node.store;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;

/** The same changes for a version every time: tests regenerate what a crashed writer committed. */
final class StoreWorkload {

    static final int KEYS = 400;

    private StoreWorkload() {}

    static Map<byte[], byte[]> changes(long seed, long version) {
        SplittableRandom random = new SplittableRandom(seed * 1_000_003L + version);
        Map<byte[], byte[]> changes = new TreeMap<>(Arrays::compareUnsigned);
        int count = 1 + random.nextInt(60);
        for (int i = 0; i < count; i++) {
            byte[] key = ("account-" + random.nextInt(KEYS)).getBytes(StandardCharsets.UTF_8);
            if (random.nextInt(5) == 0) {
                changes.put(key, null);
            } else {
                byte[] value = new byte[8 + random.nextInt(100)];
                random.nextBytes(value);
                changes.put(key, value);
            }
        }
        return changes;
    }

    /** The state after versions 0..version. */
    static TreeMap<byte[], byte[]> stateAfter(long seed, long version) {
        TreeMap<byte[], byte[]> state = new TreeMap<>(Arrays::compareUnsigned);
        for (long v = 0; v <= version; v++) {
            changes(seed, v).forEach((k, value) -> {
                if (value == null) {
                    state.remove(k);
                } else {
                    state.put(k, value);
                }
            });
        }
        return state;
    }
}
