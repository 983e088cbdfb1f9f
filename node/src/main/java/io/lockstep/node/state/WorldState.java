package io.lockstep.node.state;

import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.Hash32;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Writes layered over a state: reads see this layer's writes first, then the parent's. A block executes
 * in one layer over the committed state, each transaction in a child layer that is merged into the block's
 * when its effects stand, or dropped. Not thread-safe: one execution owns it.
 */
public final class WorldState implements StateReader {

    /** Marks a key deleted in this layer. */
    private static final byte[] DELETED = new byte[0];

    private final StateReader parent;
    private final Map<ByteKey, byte[]> writes = new LinkedHashMap<>();

    public WorldState(StateReader parent) {
        this.parent = Objects.requireNonNull(parent, "parent");
    }

    /** A layer over this one, for writes that may be dropped. */
    public WorldState child() {
        return new WorldState(this);
    }

    @Override
    public byte[] get(byte[] key) {
        byte[] value = writes.get(new ByteKey(key));
        if (value == null) {
            return parent.get(key);
        }
        return value == DELETED ? null : value.clone();
    }

    public void put(byte[] key, byte[] value) {
        Objects.requireNonNull(value, "value");
        writes.put(new ByteKey(key), value.clone());
    }

    public void delete(byte[] key) {
        writes.put(new ByteKey(key), DELETED);
    }

    /** Moves this layer's writes into its parent, which must be a {@link WorldState}; this layer empties. */
    public void mergeIntoParent() {
        if (!(parent instanceof WorldState up)) {
            throw new IllegalStateException("only a child layer can be merged");
        }
        up.writes.putAll(writes);
        writes.clear();
    }

    /** This layer's writes in key order, deletions as {@code null}: a tree update's changes. */
    public Map<byte[], byte[]> changes() {
        Map<byte[], byte[]> out = new LinkedHashMap<>();
        for (Map.Entry<ByteKey, byte[]> e : new TreeMap<>(writes).entrySet()) {
            out.put(
                    e.getKey().bytes(),
                    e.getValue() == DELETED ? null : e.getValue().clone());
        }
        return out;
    }

    public int size() {
        return writes.size();
    }

    public Account account(Address address) {
        byte[] bytes = get(StateKeys.account(address));
        return bytes == null ? Account.EMPTY : Account.decode(bytes);
    }

    public void setAccount(Address address, Account account) {
        put(StateKeys.account(address), account.encode());
    }

    public byte[] code(Hash32 codeHash) {
        return get(StateKeys.code(codeHash));
    }
}
