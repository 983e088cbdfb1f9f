package io.lockstep.core.chain;

import java.util.List;
import java.util.Objects;

/**
 * One entry of an EIP-1559 transaction's access list (EIP-2930): an address and storage keys the
 * transaction declares it will touch. Carried so that the transaction re-encodes and hashes as signed,
 * and so that execution can price the entries.
 *
 * @param address the declared address
 * @param storageKeys the declared 32-byte storage keys, in the signed order (duplicates kept)
 */
public record AccessListEntry(Address address, List<Hash32> storageKeys) {

    public AccessListEntry {
        Objects.requireNonNull(address, "access list address");
        storageKeys = List.copyOf(Objects.requireNonNull(storageKeys, "access list storage keys"));
    }
}
