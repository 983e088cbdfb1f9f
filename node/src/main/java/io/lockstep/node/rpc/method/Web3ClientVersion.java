package io.lockstep.node.rpc.method;

import io.lockstep.node.rpc.RpcMethod;
import io.lockstep.node.rpc.RpcMethodName;
import io.lockstep.node.rpc.RpcParams;

/** {@code web3_clientVersion}: {@code lockstep/<version>/java<feature version>}. */
public final class Web3ClientVersion implements RpcMethod {

    private final String clientVersion;

    /** {@code version} is the node's build version, e.g. {@code 0.1.0}. */
    public Web3ClientVersion(String version) {
        if (version == null || version.isBlank()) {
            throw new IllegalArgumentException("the client version must not be blank");
        }
        this.clientVersion = of(version);
    }

    /** The client version string for a build version, as {@code web3_clientVersion} answers it. */
    public static String of(String version) {
        return "lockstep/" + version + "/java" + Runtime.version().feature();
    }

    @Override
    public String name() {
        return RpcMethodName.WEB3_CLIENT_VERSION.wireName();
    }

    @Override
    public Object execute(RpcParams params) {
        params.requireCount(0);
        return clientVersion;
    }
}
