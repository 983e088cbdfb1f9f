package io.lockstep.node.rpc.method;

import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import org.web3j.crypto.Hash;

/** {@code web3_sha3}: Keccak-256 (the Ethereum one, not SHA3-256) of the given data. */
public final class Web3Sha3 implements RpcMethod {

    @Override
    public String name() {
        return RpcMethodName.WEB3_SHA3.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(1);
        return Hex.data(Hash.sha3(params.data(0)));
    }
}
