package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Address;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.StateKeys;

/**
 * {@code eth_getStorageAt(address, slot, block)}: what a contract stored under the 32-byte key {@code slot}
 * ({@link StorageSlot}), as a 32-byte word. Keys of other lengths are read with {@code lockstep_getStorage}.
 */
final class EthGetStorageAt implements RpcMethod {

    private final ChainAccess chain;

    EthGetStorageAt(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_STORAGE_AT.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(2, 3);
        Address address = Address.of(params.address(0));
        byte[] slot = StorageSlot.parse(params.raw(1), "param 1");
        BlockSelector block = BlockSelector.param(params, 2, BlockTag.Named.LATEST);
        byte[] value = chain.state(block).get(StateKeys.storage(address, slot));
        return StorageSlot.word(value);
    }
}
