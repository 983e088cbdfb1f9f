package io.lockstep.node.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.node.metrics.MetricsRegistry;
import io.lockstep.node.rpc.method.Web3Sha3;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Names, the registry, hex, and the dispatcher's metrics, without a network. */
class RpcPlumbingTest {

    @Test
    void everyWireNameIsUniqueAndRoundTrips() {
        Set<String> names = new HashSet<>();
        for (RpcMethodName name : RpcMethodName.values()) {
            assertTrue(names.add(name.wireName()), name.wireName());
            assertEquals(name, RpcMethodName.fromWireName(name.wireName()).orElseThrow());
        }
        assertEquals(35, names.size());
        assertTrue(RpcMethodName.fromWireName("eth_mining").isEmpty());
    }

    @Test
    void registryRefusesDuplicatesAndOddNames() {
        RpcMethodRegistry registry = new RpcMethodRegistry().register(new Web3Sha3());
        IllegalArgumentException duplicate =
                assertThrows(IllegalArgumentException.class, () -> registry.register(new Web3Sha3()));
        assertTrue(duplicate.getMessage().contains("web3_sha3 is already registered"), duplicate.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> registry.register(new TestMethods.Probe("noNamespace", p -> null)));
        assertThrows(
                IllegalArgumentException.class,
                () -> registry.register(new TestMethods.Probe("eth_with space", p -> null)));
        assertEquals(Set.of("web3_sha3"), registry.names());
    }

    @Test
    void hexEncodings() {
        assertEquals("0x0", Hex.quantity(0));
        assertEquals("0x400", Hex.quantity(1024));
        assertEquals("0x7fffffffffffffff", Hex.quantity(Long.MAX_VALUE));
        assertEquals("0x" + "f".repeat(64), Hex.quantity(Hex.MAX_QUANTITY));
        assertThrows(IllegalArgumentException.class, () -> Hex.quantity(-1));
        assertThrows(IllegalArgumentException.class, () -> Hex.quantity(Hex.MAX_QUANTITY.add(BigInteger.ONE)));
        assertEquals("0x", Hex.data(new byte[0]));
        assertEquals("0x00ff10", Hex.data(new byte[] {0, -1, 16}));
        assertThrows(IllegalArgumentException.class, () -> Hex.parseData("0x\u0661\u0662")); // Arabic-Indic digits
    }

    @Test
    void hexRoundTripsForRandomValues() {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        for (int i = 0; i < 2000; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            assertArrayEquals(bytes, Hex.parseData(Hex.data(bytes)), "seed " + seed);
            BigInteger value = new BigInteger(random.nextInt(257), random);
            if (value.bitLength() <= 256) {
                assertEquals(value, Hex.parseQuantity(Hex.quantity(value)), "seed " + seed);
            }
        }
    }

    @Test
    void directCallsThroughRpcParams() {
        Object hash = new Web3Sha3().execute(RpcParams.of("0x" + hex("abc")));
        assertEquals("0x4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45", hash);
        RpcParams params = RpcParams.of("0x1", null, true);
        assertEquals(3, params.size());
        assertEquals(BlockTag.Named.PENDING, params.blockTagOr(1, BlockTag.Named.PENDING));
        assertEquals(7, params.quantityAsLongOr(3, 7));
        assertTrue(params.boolOr(2, false));
        assertTrue(params.connection().subscriptions().isEmpty());
    }

    @Test
    void madeUpMethodNamesShareOneMetricLabel() {
        MetricsRegistry registry = new MetricsRegistry();
        RpcDispatcher dispatcher =
                new RpcDispatcher(TestMethods.registry(new SubscriptionHub(1)), 10, new RpcMetrics(registry));
        for (int i = 0; i < 50; i++) {
            dispatcher.handle(
                    ("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"made_up" + i + "\"}").getBytes(StandardCharsets.UTF_8),
                    RpcConnection.WITHOUT_SUBSCRIPTIONS);
        }
        dispatcher.handle(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"net_peerCount\"}".getBytes(StandardCharsets.UTF_8),
                RpcConnection.WITHOUT_SUBSCRIPTIONS);
        String text = registry.scrape();
        assertTrue(text.contains("lockstep_rpc_requests_total{method=\"unknown\"} 50\n"), text);
        assertTrue(text.contains("lockstep_rpc_errors_total{method=\"unknown\",code=\"-32601\"} 50\n"), text);
        assertTrue(text.contains("lockstep_rpc_requests_total{method=\"net_peerCount\"} 1\n"), text);
        assertTrue(text.contains("lockstep_rpc_request_seconds_count{method=\"net_peerCount\"} 1\n"), text);
        List<String> labels = Arrays.stream(text.split("\n"))
                .filter(line -> line.startsWith("lockstep_rpc_requests_total{"))
                .toList();
        assertEquals(2, labels.size(), labels.toString());
    }

    private static String hex(String ascii) {
        return Hex.data(ascii.getBytes(StandardCharsets.US_ASCII)).substring(2);
    }
}
