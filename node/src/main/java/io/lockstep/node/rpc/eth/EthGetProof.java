package io.lockstep.node.rpc.eth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.lockstep.core.chain.Address;
import io.lockstep.core.chain.BlockHeader;
import io.lockstep.core.chain.Hash32;
import io.lockstep.node.rpc.BlockTag;
import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcErrorCode;
import io.lockstep.node.rpc.RpcException;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import io.lockstep.node.state.Account;
import io.lockstep.node.state.CommittedState;
import io.lockstep.node.state.StateKeys;
import java.math.BigInteger;
import java.util.Locale;

/**
 * {@code eth_getProof(address, storageKeys, block)} in Ethereum's shape with this chain's proofs (the
 * verification is in docs/spec/rpc.md, "eth_getProof"). The state is one tree, so {@code storageHash} is
 * the block's state root, and {@code accountProof} holds one {@code StateProof} of the account's key.
 * Each storage proof's {@code proof} is the {@code StateProof} of the slot's key, followed by the stored
 * bytes when there are any: a slot's {@code value} as a number drops leading zero bytes, and a proof is of
 * the exact bytes. Proofs exist only for states within the retention window.
 */
final class EthGetProof implements RpcMethod {

    static final int MAX_STORAGE_KEYS = 1000;

    /** keccak256 of no bytes: the code hash Ethereum gives an account without code. */
    static final Hash32 EMPTY_CODE_HASH = Hash32.keccak256(new byte[0]);

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ChainAccess chain;

    EthGetProof(ChainAccess chain) {
        this.chain = chain;
    }

    @Override
    public String name() {
        return RpcMethodName.ETH_GET_PROOF.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(2, 3);
        Address address = Address.of(params.address(0));
        JsonNode keys = params.raw(1);
        if (!keys.isArray()) {
            throw RpcException.invalidParams("param 1: expected an array of storage keys, got a "
                    + keys.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        if (keys.size() > MAX_STORAGE_KEYS) {
            throw RpcException.limitExceeded("limit exceeded: eth_getProof proves at most " + MAX_STORAGE_KEYS
                    + " storage keys at once, got " + keys.size());
        }
        byte[][] slots = new byte[keys.size()][];
        for (int i = 0; i < slots.length; i++) {
            slots[i] = StorageSlot.parse(keys.get(i), "param 1[" + i + "]");
        }
        BlockSelector selector = BlockSelector.param(params, 2, BlockTag.Named.LATEST);
        BlockHeader header = chain.requireHeader(selector);
        CommittedState state = chain.state(header.height());

        byte[] accountKey = StateKeys.account(address);
        Account account = Account.decodeOrEmpty(state.get(accountKey));
        ObjectNode out = JSON.objectNode();
        out.put("address", address.toHex());
        out.putArray("accountProof").add(Hex.data(state.prove(accountKey).encode()));
        out.put("balance", Hex.quantity(account.balance()));
        out.put("codeHash", account.codeHash().orElse(EMPTY_CODE_HASH).toHex());
        out.put("nonce", Hex.quantity(account.nonce()));
        out.put("storageHash", header.stateRoot().toHex());
        ArrayNode storage = out.putArray("storageProof");
        for (int i = 0; i < slots.length; i++) {
            storage.add(storageProof(state, address, keys.get(i).textValue(), slots[i]));
        }
        return out;
    }

    private static ObjectNode storageProof(CommittedState state, Address address, String requested, byte[] slot) {
        byte[] key = StateKeys.storage(address, slot);
        byte[] value = state.get(key);
        if (value != null && value.length > StorageSlot.LENGTH) {
            throw new RpcException(
                    RpcErrorCode.SERVER_ERROR,
                    "the value under storage key " + requested + " is " + value.length
                            + " bytes, longer than the 32-byte word eth_getProof answers;"
                            + " lockstep_getStorageProof proves it");
        }
        ObjectNode out = JSON.objectNode();
        out.put("key", requested.toLowerCase(Locale.ROOT));
        out.put("value", Hex.quantity(value == null ? BigInteger.ZERO : new BigInteger(1, value)));
        ArrayNode proof = out.putArray("proof");
        proof.add(Hex.data(state.prove(key).encode()));
        if (value != null) {
            proof.add(Hex.data(value));
        }
        return out;
    }
}
