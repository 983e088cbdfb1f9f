package io.lockstep.vm;

/**
 * A contract's key-value storage as the VM sees it. The node plugs in its authenticated state tree
 * (scoped to the contract's address); tests use {@link InMemoryContractStorage}. The VM buffers a
 * call's writes and applies them here, in the order they were made, only when the call succeeds. It
 * also reads each key a call writes or removes once, at the first such host call, since the fuel of
 * that write depends on whether the key exists and on its size (docs/spec/fuel.md, "Kept data").
 */
public interface ContractStorage {

    /** The value under {@code key}, or {@code null} when there is none. */
    byte[] get(byte[] key);

    void put(byte[] key, byte[] value);

    void remove(byte[] key);
}
