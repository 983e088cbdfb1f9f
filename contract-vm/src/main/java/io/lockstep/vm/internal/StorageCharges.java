package io.lockstep.vm.internal;

import io.lockstep.vm.ContractStorage;
import io.lockstep.vm.CostTable;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;

/**
 * What one call's storage writes cost beyond the host call itself (schedule version 6): the first write
 * of each key, since the commit rewrites that key's path in the state tree whatever the call wrote to it
 * last; the creation of a key; and every byte by which a key's kept size grows above what the call has
 * already paid for. The costs depend only on the state before the call and the call's own writes, so
 * every validator charges the same, and a call that writes, removes and writes again cannot pay for the
 * same growth twice nor get a refund.
 */
final class StorageCharges {

    /** What the call has paid for one key, from the first time it wrote or removed it. */
    private static final class Paid {
        final boolean existed;
        boolean created;
        long size;

        Paid(boolean existed, long size) {
            this.existed = existed;
            this.size = size;
        }
    }

    private final CostTable costs;
    private final ContractStorage storage;
    private final Map<ByteBuffer, Paid> paid = new HashMap<>();

    /**
     * @param storage the storage as it was before the call, which the call's writes do not reach until it
     *     succeeds; read once per key the call writes, to learn whether the key exists and its size
     */
    StorageCharges(CostTable costs, ContractStorage storage) {
        this.costs = costs;
        this.storage = storage;
    }

    /**
     * The fuel for setting {@code key} to a value of {@code valueLength} bytes, recorded as paid: the
     * caller charges it at once, and a call that cannot pay ends with nothing kept.
     */
    long write(byte[] key, long valueLength) {
        long fuel = 0;
        Paid entry = paid.get(ByteBuffer.wrap(key));
        if (entry == null) {
            entry = firstTouch(key);
            fuel += costs.storageFirstWrite();
        }
        if (!entry.existed && !entry.created) {
            entry.created = true;
            fuel += costs.storageNewKey();
        }
        long size = key.length + valueLength;
        if (size > entry.size) {
            fuel += (size - entry.size) * costs.storagePerByte();
            entry.size = size;
        }
        return fuel;
    }

    /** The fuel for removing {@code key}, and records it as paid; a removal never refunds. */
    long remove(byte[] key) {
        if (paid.containsKey(ByteBuffer.wrap(key))) {
            return 0;
        }
        firstTouch(key);
        return costs.storageFirstWrite();
    }

    private Paid firstTouch(byte[] key) {
        byte[] stored = storage.get(key);
        Paid first = stored == null ? new Paid(false, 0) : new Paid(true, key.length + (long) stored.length);
        paid.put(ByteBuffer.wrap(key.clone()), first);
        return first;
    }
}
