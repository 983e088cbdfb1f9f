package io.lockstep.vm;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/** Storage held in a sorted map, keys ordered as unsigned bytes; for tests and local contract runs. */
public final class InMemoryContractStorage implements ContractStorage {

    private final TreeMap<byte[], byte[]> entries = new TreeMap<>(Arrays::compareUnsigned);

    @Override
    public byte[] get(byte[] key) {
        byte[] value = entries.get(key);
        return value == null ? null : value.clone();
    }

    @Override
    public void put(byte[] key, byte[] value) {
        entries.put(key.clone(), value.clone());
    }

    @Override
    public void remove(byte[] key) {
        entries.remove(key);
    }

    public int size() {
        return entries.size();
    }

    /** A copy of every entry, in key order. */
    public Map<byte[], byte[]> snapshot() {
        TreeMap<byte[], byte[]> copy = new TreeMap<>(Arrays::compareUnsigned);
        entries.forEach((k, v) -> copy.put(k.clone(), v.clone()));
        return copy;
    }
}
