package io.lockstep.node.rpc.eth;

import io.lockstep.core.chain.Address;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.StateKeys;

/**
 * {@code lockstep_getStorage(address, key, block)}: the bytes a contract stored under {@code key}, any key
 * the host ABI allows (0 to 256 bytes) and any value, exactly as stored; {@code null} when the key holds
 * nothing. {@code eth_getStorageAt} is the 32-byte-slot view of the same storage.
 */
final class LockstepGetStorage implements RpcMethod {

    /** The host ABI's longest storage key (docs/spec/abi.md, limits). */
    static final int MAX_KEY_BYTES = 256;

    private final ChainAccess chain;

    LockstepGetStorage(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.LOCKSTEP_GET_STORAGE.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(2, 3);
        Address address = Address.of(params.address(0));
        byte[] key = key(params, 1);
        BlockSelector block = BlockSelector.param(params, 2, BlockTag.Named.LATEST);
        byte[] value = chain.state(block).get(StateKeys.storage(address, key));
        return value == null ? null : Hex.data(value);
    }

    /** A storage key param: data of at most {@link #MAX_KEY_BYTES} bytes. */
    static byte[] key(RpcParams params, int index) {
        byte[] key = params.data(index);
        if (key.length > MAX_KEY_BYTES) {
            throw RpcException.invalidParams(
                    "param " + index + ": a storage key is at most " + MAX_KEY_BYTES + " bytes, got " + key.length);
        }
        return key;
    }
}
