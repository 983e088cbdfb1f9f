package io.lockstep.node.execution;

import io.lockstep.core.chain.Address;
import io.lockstep.node.state.StateKeys;
import io.lockstep.node.state.WorldState;
import io.lockstep.vm.ContractStorage;

/** One contract's storage as the VM sees it: keys scoped under the contract's address in the state. */
final class ContractStorageView implements ContractStorage {

    private final WorldState state;
    private final Address contract;

    ContractStorageView(WorldState state, Address contract) {
        this.state = state;
        this.contract = contract;
    }

    @Override
    public byte[] get(byte[] key) {
        return state.get(StateKeys.storage(contract, key));
    }

    @Override
    public void put(byte[] key, byte[] value) {
        state.put(StateKeys.storage(contract, key), value);
    }

    @Override
    public void remove(byte[] key) {
        state.delete(StateKeys.storage(contract, key));
    }
}
