package io.lockstep.vm;

/**
 * A contract's key-value storage as the VM sees it. The node plugs in its authenticated state tree
 * (scoped to the contract's address); tests use {@link InMemoryContractStorage}. The VM buffers a
 * call's writes and applies them here, in the order they were made, only when the call succeeds.
 */
public interface ContractStorage {

    /** The value under {@code key}, or {@code null} when there is none. */
    byte[] get(byte[] key);

    void put(byte[] key, byte[] value);

    void remove(byte[] key);
}
