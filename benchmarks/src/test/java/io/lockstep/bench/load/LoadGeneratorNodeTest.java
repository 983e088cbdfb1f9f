package io.lockstep.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lockstep.node.config.DevAccounts;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.NodeConfig;
import io.lockstep.node.config.ValidatorKey;
import io.lockstep.node.service.LockstepNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generator against a real node in this JVM, with short runs: what it counts must be what the chain holds. */
class LoadGeneratorNodeTest {

    private static final long SEED = 42;

    @TempDir
    static Path dir;

    private static LockstepNode node;
    private static URI rpc;

    @BeforeAll
    static void start() throws Exception {
        DevAccounts accounts = DevAccounts.generate(4);
        ValidatorKey validator = ValidatorKey.generate(new SecureRandom());
        Genesis genesis = accounts.genesis(1337, 1_700_000_000L, validator.address());
        NodeConfig defaults =
                NodeConfig.withDefaults(dir.resolve("data"), dir.resolve("genesis.yaml"), dir.resolve("key"));
        NodeConfig config = new NodeConfig(
                defaults.dataDir(),
                defaults.genesisFile(),
                defaults.validatorKeyFile(),
                new NodeConfig.Rpc("127.0.0.1", 0, defaults.rpc().maxRequestBytes(), 100, false),
                new NodeConfig.Metrics(false, "127.0.0.1", 0),
                new NodeConfig.Consensus(Duration.ofMillis(200), NodeConfig.Consensus.Mode.INTERVAL),
                defaults.mempool(),
                defaults.state(),
                defaults.log());
        node = LockstepNode.start(config, genesis, validator, "test");
        rpc = URI.create("http://127.0.0.1:" + node.rpcAddress().getPort() + "/");
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.close();
        }
    }

    @Test
    void everyAcceptedTransferIsFoundInABlockWithItsLatency() throws Exception {
        List<BigInteger> keys = SenderKeys.parse("0-3");
        LoadReport.Write report = (LoadReport.Write)
                LoadGenerator.run(options(Scenario.TRANSFERS, keys, Optional.of(40.0), 2), quiet(), PhaseListener.NONE);

        assertTrue(report.errors().isEmpty(), report.errors().toString());
        assertTrue(report.accepted() > 0, report.summary());
        assertEquals(report.attempts(), report.accepted());
        assertEquals(0, report.notIncluded(), report.summary());
        assertEquals(report.accepted(), report.latency().count());
        assertTrue(report.latency().p50() > 0
                && report.latency().max() < Duration.ofSeconds(10).toNanos());
        assertTrue(report.included() > 0 && report.blocks().count() > 0, report.summary());
        // Nothing was left behind: the nonces the generator tracked are the chain's, and the pool is empty.
        assertEquals(0, node.mempool().size());
        try (EthApi api = new EthApi(rpc, 5_000)) {
            long sent = 0;
            for (BigInteger key : keys) {
                String address = new Sender(0, key).address();
                assertEquals(api.pendingNonce(address), nonceAtHead(api, address));
                sent += api.pendingNonce(address);
            }
            assertTrue(sent >= report.accepted());
        }
    }

    @Test
    void refusedTransactionsAreCountedByKindAndNotAsIncluded() throws Exception {
        // A key nobody funded: the node refuses every transaction.
        List<BigInteger> keys = List.of(new BigInteger("1234567890abcdef", 16));
        LoadReport.Write report = (LoadReport.Write)
                LoadGenerator.run(options(Scenario.TRANSFERS, keys, Optional.of(20.0), 1), quiet(), PhaseListener.NONE);

        assertEquals(0, report.accepted());
        assertEquals(0, report.included());
        assertTrue(report.attempts() > 0);
        assertTrue(
                report.errors().keySet().stream().anyMatch(kind -> kind.contains("insufficient funds")),
                report.errors().toString());
    }

    @Test
    void readsAreCountedAndTimed() throws Exception {
        LoadReport.Read report = (LoadReport.Read) LoadGenerator.run(
                options(Scenario.BLOCK_NUMBER, List.of(), Optional.empty(), 2), quiet(), PhaseListener.NONE);

        assertTrue(report.errors().isEmpty(), report.errors().toString());
        assertTrue(report.requests() > 0);
        assertEquals(report.requests(), report.latency().count());
        assertTrue(report.json().path("requestsPerSecond").asDouble() > 0);
    }

    private static long nonceAtHead(EthApi api, String address) throws Exception {
        return EthApi.quantity(api.rpc().call("eth_getTransactionCount", address, "latest"), "nonce")
                .longValueExact();
    }

    private static LoadOptions options(
            Scenario scenario, List<BigInteger> keys, Optional<Double> rate, int concurrency) {
        return new LoadOptions(
                rpc,
                scenario,
                keys,
                rate,
                concurrency,
                Duration.ofMillis(300),
                Duration.ofMillis(1_500),
                Duration.ofSeconds(10),
                1,
                Optional.empty(),
                Optional.empty(),
                0,
                60,
                Duration.ofMillis(10),
                true,
                100,
                SEED,
                5_000);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
