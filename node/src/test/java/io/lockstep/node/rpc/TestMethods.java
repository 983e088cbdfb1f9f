package io.lockstep.node.rpc;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.lockstep.node.rpc.method.EthSubscribe;
import io.lockstep.node.rpc.method.EthUnsubscribe;
import io.lockstep.node.rpc.method.NetListening;
import io.lockstep.node.rpc.method.NetPeerCount;
import io.lockstep.node.rpc.method.Web3ClientVersion;
import io.lockstep.node.rpc.method.Web3Sha3;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/** The methods the transport tests call: the real chain-independent ones and a few probes. */
final class TestMethods {

    static final String VERSION = "1.2.3-test";

    private TestMethods() {}

    /** A method made of a function, for probes. */
    record Probe(String name, Function<RpcParams, Object> body) implements RpcMethod {
        @Override
        public Object execute(RpcParams params) {
            return body.apply(params);
        }
    }

    /** The real methods plus one probe per {@link RpcParams} accessor and failure probes. */
    static RpcMethodRegistry registry(SubscriptionHub hub) {
        RpcMethodRegistry registry = new RpcMethodRegistry()
                .register(new Web3ClientVersion(VERSION))
                .register(new Web3Sha3())
                .register(new NetListening(() -> true))
                .register(new NetPeerCount(() -> 0))
                .register(new EthSubscribe(hub))
                .register(new EthUnsubscribe(hub))
                .register(new Probe("test_quantity", p -> p.quantity(0).toString()))
                .register(new Probe("test_quantityAsLong", p -> p.quantityAsLong(0)))
                .register(new Probe("test_data", p -> Hex.data(p.data(0))))
                .register(new Probe("test_address", p -> Hex.data(p.address(0))))
                .register(new Probe("test_hash", p -> Hex.data(p.hash(0))))
                .register(new Probe("test_bool", p -> p.bool(0)))
                .register(new Probe("test_blockTag", p -> p.blockTag(0).wire()))
                .register(new Probe("test_object", p -> p.object(0)))
                .register(new Probe("test_echo", p -> {
                    var out = JsonNodeFactory.instance.arrayNode();
                    for (int i = 0; i < p.size(); i++) {
                        out.add(p.has(i) ? p.raw(i) : JsonNodeFactory.instance.nullNode());
                    }
                    return out;
                }))
                .register(new Probe("test_fail", p -> {
                    throw new IllegalStateException("secret internal detail");
                }))
                .register(new Probe("test_revert", p -> {
                    throw RpcException.reverted("too low", new byte[] {0x08, (byte) 0xc3, 0x79, (byte) 0xa0});
                }));
        return registry;
    }

    /** A method that blocks its worker until released, to fill the worker pool on purpose. */
    static final class Blocking implements RpcMethod {
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public String name() {
            return "test_block";
        }

        @Override
        public Object execute(RpcParams params) {
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("test_block was never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            return "released";
        }
    }
}
