package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.CommittedState;
import io.lockstep.node.state.StateKeys;

/**
 * {@code lockstep_getStorageProof(address, key, block)}: what {@code lockstep_getStorage} reads, with the
 * proof of it against the block's state root, for any key the host ABI allows and any value. {@code
 * eth_getProof} can only prove 32-byte slots holding at most 32 bytes, since Ethereum's shape gives a
 * slot's value as a number; this is the proof of the exact bytes (or of their absence), as a verifier on
 * another chain will need it. Verification is in docs/spec/rpc.md.
 */
final class LockstepGetStorageProof implements RpcMethod {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ChainAccess chain;

    LockstepGetStorageProof(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.LOCKSTEP_GET_STORAGE_PROOF.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(2, 3);
        Address address = Address.of(params.address(0));
        byte[] key = LockstepGetStorage.key(params, 1);
        BlockHeader header = chain.requireHeader(BlockSelector.param(params, 2, BlockTag.Named.LATEST));
        CommittedState state = chain.state(header.height());
        byte[] stateKey = StateKeys.storage(address, key);
        byte[] value = state.get(stateKey);
        ObjectNode out = JSON.objectNode();
        out.put("address", address.toHex());
        out.put("key", Hex.data(key));
        if (value == null) {
            out.putNull("value");
        } else {
            out.put("value", Hex.data(value));
        }
        out.put("blockNumber", Hex.quantity(header.height()));
        out.put("blockHash", header.hash().toHex());
        out.put("stateRoot", header.stateRoot().toHex());
        out.put("stateKey", Hex.data(stateKey));
        out.put("proof", Hex.data(state.prove(stateKey).encode()));
        return out;
    }
}
