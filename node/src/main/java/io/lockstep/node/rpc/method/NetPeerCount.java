package io.lockstep.node.rpc.method;

import io.lockstep.node.rpc.Hex;
import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;
import java.util.function.IntSupplier;

/** {@code net_peerCount}: connected peers as a quantity ({@code 0x0} while the node has no networking). */
public final class NetPeerCount implements RpcMethod {

    private final IntSupplier peers;

    public NetPeerCount(IntSupplier peers) {
        this.peers = peers;
    }

    @Override
    public String name() {
        return RpcMethodName.NET_PEER_COUNT.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return Hex.quantity(peers.getAsInt());
    }
}
