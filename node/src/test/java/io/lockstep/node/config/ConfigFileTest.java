package io.lockstep.node.config;

import static io.lockstep.node.config.ConfigErrors.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {

    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameConfigForRandomValues() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            Path home = Files.createDirectories(dir.resolve("home-" + seed));
            NodeConfig config = new RandomValues(seed).config(home);
            Path file = home.resolve("lockstep.yaml");

            ConfigFile.write(file, config);

            long shown = seed;
            assertEquals(
                    config, ConfigFile.read(file), () -> "seed " + shown + ":\n" + ConfigFile.toYaml(config, home));
        }
    }

    @Test
    void anEmptyFileIsTheDefaultsBesideIt() {
        Path file = ConfigErrors.write(dir, "lockstep.yaml", "# nothing set\n");

        NodeConfig config = ConfigFile.read(file);

        assertEquals(
                NodeConfig.withDefaults(dir.resolve("data"), dir.resolve("genesis.yaml"), dir.resolve("validator.key")),
                config);
        assertEquals("127.0.0.1", config.rpc().host());
        assertEquals(8545, config.rpc().port());
        assertEquals(5 * 1024 * 1024, config.rpc().maxRequestBytes());
        assertEquals(1000, config.rpc().maxBatchSize());
        assertTrue(config.rpc().websocket());
        assertEquals(new NodeConfig.Metrics(true, "127.0.0.1", 9545), config.metrics());
        assertEquals(
                new NodeConfig.Consensus(Duration.ofSeconds(1), NodeConfig.Consensus.Mode.INTERVAL),
                config.consensus());
        assertEquals(new NodeConfig.Mempool(10_000, 64L * 1024 * 1024, 64, 2 * 1024 * 1024), config.mempool());
        assertEquals(1000, config.state().retainVersions());
        assertEquals(NodeConfig.Log.Level.INFO, config.log().level());
    }

    @Test
    void aMissingFieldOfASectionTakesItsDefaultAndTheOthersAreKept() {
        Path file = ConfigErrors.write(
                dir,
                "lockstep.yaml",
                """
                rpc:
                  port: 18545
                  maxRequestBytes: 1 MiB
                consensus:
                  blockTime: 250ms
                  mode: on-demand
                mempool:
                  maxTxBytes: 4096
                log:
                  level: debug
                """);

        NodeConfig config = ConfigFile.read(file);

        assertEquals(new NodeConfig.Rpc("127.0.0.1", 18545, 1024 * 1024, 1000, true), config.rpc());
        assertEquals(
                new NodeConfig.Consensus(Duration.ofMillis(250), NodeConfig.Consensus.Mode.ON_DEMAND),
                config.consensus());
        assertEquals(new NodeConfig.Mempool(10_000, 64L * 1024 * 1024, 64, 4096), config.mempool());
        assertEquals(NodeConfig.Log.Level.DEBUG, config.log().level());
        assertEquals(NodeConfig.Metrics.DEFAULT, config.metrics());
    }

    @Test
    void relativePathsAreRelativeToTheFilesDirectoryNotTheWorkingDirectory() throws Exception {
        Path home = Files.createDirectories(dir.resolve("nodes/one"));
        Path file = ConfigErrors.write(
                home,
                "lockstep.yaml",
                """
                dataDir: db
                genesisFile: ../shared/genesis.yaml
                validatorKeyFile: %s
                """
                        .formatted(dir.resolve("keys/v.key")));

        NodeConfig config = ConfigFile.read(file);

        assertEquals(home.resolve("db"), config.dataDir());
        assertEquals(dir.resolve("nodes/shared/genesis.yaml"), config.genesisFile());
        assertEquals(dir.resolve("keys/v.key"), config.validatorKeyFile());
        // Read through a relative path to the file, the paths still resolve against its directory.
        Path relative = Path.of("").toAbsolutePath().relativize(file);
        assertEquals(home.resolve("db"), ConfigFile.read(relative).dataDir());
    }

    @Test
    void writingKeepsPathsBelowTheDirectoryRelativeSoItCanBeMoved() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        NodeConfig config = NodeConfig.withDefaults(
                home.resolve("data"), Path.of("genesis.yaml"), dir.resolve("elsewhere/validator.key"));

        ConfigFile.write(home.resolve("lockstep.yaml"), config);
        String yaml = Files.readString(home.resolve("lockstep.yaml"));
        Path moved = Files.move(home, dir.resolve("moved"));

        assertTrue(yaml.contains("dataDir: \"data\"\n"), yaml);
        assertTrue(yaml.contains("genesisFile: \"genesis.yaml\"\n"), yaml);
        assertTrue(yaml.contains("validatorKeyFile: \"" + dir.resolve("elsewhere/validator.key") + "\"\n"), yaml);
        NodeConfig read = ConfigFile.read(moved.resolve("lockstep.yaml"));
        assertEquals(moved.resolve("data"), read.dataDir());
        assertEquals(moved.resolve("genesis.yaml"), read.genesisFile());
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        assertRefused(
                dir,
                "lockstep.yaml",
                "datadir: db\n",
                ConfigFile::read,
                "datadir: unknown field; expected one of: dataDir, genesisFile, validatorKeyFile, rpc, metrics,"
                        + " consensus, mempool, state, log");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  prot: 8545\n",
                ConfigFile::read,
                "rpc.prot: unknown field; expected one of: host, port, maxRequestBytes, maxBatchSize, websocket, hosts,"
                        + " idleTimeout, websocketIdleTimeout");
        assertRefused(
                dir,
                "lockstep.yaml",
                "state:\n  retain: 5\n",
                ConfigFile::read,
                "state.retain: unknown field; expected one of: retainVersions");
        assertRefused(
                dir,
                "lockstep.yaml",
                "retainVersions: 5\n",
                ConfigFile::read,
                "retainVersions: unknown field; expected one of: dataDir, genesisFile, validatorKeyFile, rpc,"
                        + " metrics, consensus, mempool, state, log");
    }

    @Test
    void badValuesAreRefusedWithTheFieldAndTheReason() {
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  port: -1\n",
                ConfigFile::read,
                "rpc.port: must be between 0 and 65535, was -1");
        assertRefused(
                dir,
                "lockstep.yaml",
                "metrics:\n  port: 65536\n",
                ConfigFile::read,
                "metrics.port: must be between 0 and 65535, was 65536");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  port: 85 45\n",
                ConfigFile::read,
                "rpc.port: not a decimal integer: '85 45'");
        assertRefused(
                dir,
                "lockstep.yaml",
                "consensus:\n  blockTime: 1 sec\n",
                ConfigFile::read,
                "consensus.blockTime: not a duration such as 500ms, 1s or 2m: '1 sec'");
        assertRefused(
                dir,
                "lockstep.yaml",
                "consensus:\n  blockTime: 1000\n",
                ConfigFile::read,
                "consensus.blockTime: not a duration such as 500ms, 1s or 2m: '1000'");
        assertRefused(
                dir,
                "lockstep.yaml",
                "consensus:\n  blockTime: 0ms\n",
                ConfigFile::read,
                "consensus.blockTime: must be whole milliseconds from 1ms to 1h, was 0s");
        assertRefused(
                dir,
                "lockstep.yaml",
                "consensus:\n  blockTime: 2h\n",
                ConfigFile::read,
                "consensus.blockTime: must be whole milliseconds from 1ms to 1h, was 2h");
        assertRefused(
                dir,
                "lockstep.yaml",
                "consensus:\n  mode: auto\n",
                ConfigFile::read,
                "consensus.mode: expected interval or on-demand, got 'auto'");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  websocket: yes\n",
                ConfigFile::read,
                "rpc.websocket: expected true or false, got 'yes'");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  maxRequestBytes: 5MB\n",
                ConfigFile::read,
                "rpc.maxRequestBytes: not a size such as 131072, 128KiB or 5MiB: '5MB'");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  maxRequestBytes: 2GiB\n",
                ConfigFile::read,
                "rpc.maxRequestBytes: must be between 1 and 2147483647, was 2147483648");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  host: \"http://127.0.0.1\"\n",
                ConfigFile::read,
                "rpc.host: not a host name or IP address: 'http://127.0.0.1' (IPv6 addresses are written without"
                        + " brackets)");
        assertRefused(
                dir,
                "lockstep.yaml",
                "mempool:\n  maxTransactions: 10\n",
                ConfigFile::read,
                "mempool.maxPerSender: must not exceed maxTransactions (10), was 64");
        assertRefused(
                dir,
                "lockstep.yaml",
                "mempool:\n  maxBytes: 64KiB\n",
                ConfigFile::read,
                "mempool.maxTxBytes: must not exceed maxBytes (65536), was 2097152");
        assertRefused(
                dir,
                "lockstep.yaml",
                "state:\n  retainVersions: 0\n",
                ConfigFile::read,
                "state.retainVersions: must be between 1 and 9223372036854775807, was 0");
        assertRefused(
                dir,
                "lockstep.yaml",
                "log:\n  level: verbose\n",
                ConfigFile::read,
                "log.level: expected one of error, warn, info, debug, trace, got 'verbose'");
        assertRefused(dir, "lockstep.yaml", "dataDir: \"  \"\n", ConfigFile::read, "dataDir: must not be blank");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc: 8545\n",
                ConfigFile::read,
                "rpc: expected a mapping of 'key: value' lines, found a value");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  port:\n",
                ConfigFile::read,
                "rpc.port: no value; write one, or remove the line for the default");
    }

    @Test
    void loopbackHostsAreToldApartFromExposedOnesWithoutDns() {
        for (String host : List.of("127.0.0.1", "127.1.2.3", "localhost", "LOCALHOST", "::1", "0:0:0:0:0:0:0:1")) {
            assertTrue(new NodeConfig.Rpc(host, 8545, 1, 1, true).isLoopback(), host);
        }
        for (String host : List.of("0.0.0.0", "::", "192.168.1.10", "10.0.0.1", "node.example", "128.0.0.1")) {
            assertFalse(new NodeConfig.Metrics(true, host, 9545).isLoopback(), host);
        }
    }

    @Test
    void exposedEndpointsAreListedAsWarnings() {
        NodeConfig loopback = NodeConfig.withDefaults(dir, dir, dir);
        NodeConfig exposed = new NodeConfig(
                dir,
                dir,
                dir,
                new NodeConfig.Rpc("0.0.0.0", 8545, 1, 1, true),
                new NodeConfig.Metrics(true, "10.0.0.7", 9545),
                NodeConfig.Consensus.DEFAULT,
                NodeConfig.Mempool.DEFAULT,
                NodeConfig.State.DEFAULT,
                NodeConfig.Log.DEFAULT);
        NodeConfig metricsOff = new NodeConfig(
                dir,
                dir,
                dir,
                NodeConfig.Rpc.DEFAULT,
                new NodeConfig.Metrics(false, "0.0.0.0", 9545),
                NodeConfig.Consensus.DEFAULT,
                NodeConfig.Mempool.DEFAULT,
                NodeConfig.State.DEFAULT,
                NodeConfig.Log.DEFAULT);

        assertEquals(List.of(), loopback.warnings());
        assertEquals(
                List.of(
                        "rpc.host=0.0.0.0 is not a loopback address: JSON-RPC is reachable from other machines;"
                                + " their requests are refused (403) until rpc.hosts lists the names they call it by"
                                + " ('*' for any)",
                        "metrics.host=10.0.0.7 is not a loopback address: metrics is reachable from other machines"),
                exposed.warnings());
        NodeConfig named = new NodeConfig(
                dir,
                dir,
                dir,
                new NodeConfig.Rpc(
                        "0.0.0.0",
                        8545,
                        1,
                        1,
                        true,
                        List.of("node.example"),
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(5)),
                new NodeConfig.Metrics(false, "0.0.0.0", 9545),
                NodeConfig.Consensus.DEFAULT,
                NodeConfig.Mempool.DEFAULT,
                NodeConfig.State.DEFAULT,
                NodeConfig.Log.DEFAULT);
        assertEquals(
                List.of("rpc.host=0.0.0.0 is not a loopback address: JSON-RPC is reachable from other machines"),
                named.warnings(),
                "the names other machines use are listed");
        assertEquals(List.of(), metricsOff.warnings(), "a disabled endpoint exposes nothing");
    }

    @Test
    void theHostAllowListAndIdleTimeoutsAreRead() {
        Path file = ConfigErrors.write(
                dir,
                "lockstep.yaml",
                """
                rpc:
                  host: 0.0.0.0
                  hosts:
                    - node.example.org
                    - 192.168.1.20
                    - "[fe80::1]"
                    - ::1
                  idleTimeout: 15s
                  websocketIdleTimeout: 500ms
                """);
        NodeConfig.Rpc rpc = ConfigFile.read(file).rpc();
        assertEquals(List.of("node.example.org", "192.168.1.20", "[fe80::1]", "::1"), rpc.hosts());
        assertEquals(Duration.ofSeconds(15), rpc.idleTimeout());
        assertEquals(Duration.ofMillis(500), rpc.websocketIdleTimeout());
        assertEquals(
                List.of("*"),
                ConfigFile.read(ConfigErrors.write(dir, "lockstep.yaml", "rpc:\n  hosts: \"*\"\n"))
                        .rpc()
                        .hosts(),
                "one value is a list of one");
        assertEquals(
                List.of("a.example", "b.example"),
                ConfigFile.read(ConfigErrors.write(dir, "lockstep.yaml", "rpc:\n  hosts: [a.example, b.example]\n"))
                        .rpc()
                        .hosts());
        NodeConfig.Rpc defaults = ConfigFile.read(ConfigErrors.write(dir, "lockstep.yaml", "rpc:\n  port: 1\n"))
                .rpc();
        assertEquals(List.of("localhost", "127.0.0.1", "::1"), defaults.hosts());
        assertEquals(Duration.ofSeconds(60), defaults.idleTimeout());
        assertEquals(Duration.ofMinutes(5), defaults.websocketIdleTimeout());
    }

    @Test
    void badHostsAndTimeoutsAreRefusedWithTheFieldAndTheReason() {
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  hosts: [localhost, \"localhost:8545\"]\n",
                ConfigFile::read,
                "rpc.hosts[1]: not a host name or IP address: 'localhost:8545' (write a host without its port; '*'"
                        + " allows any)");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  hosts: [\"http://node.example\"]\n",
                ConfigFile::read,
                "rpc.hosts[0]: not a host name or IP address: 'http://node.example' (write a host without its port;"
                        + " '*' allows any)");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  hosts: [\"node example\"]\n",
                ConfigFile::read,
                "rpc.hosts[0]: not a host name or IP address: 'node example' (letters, digits, '.', '-' and '_')");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  hosts: []\n",
                ConfigFile::read,
                "rpc.hosts: must list at least one host name, or '*' for any");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  hosts:\n    a: b\n",
                ConfigFile::read,
                "rpc.hosts: expected a list of values, found a mapping");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  hosts:\n    - [a]\n",
                ConfigFile::read,
                "rpc.hosts[0]: expected a value, found a list");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  idleTimeout: 0s\n",
                ConfigFile::read,
                "rpc.idleTimeout: must be whole milliseconds from 1ms to 24h, was 0s");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  websocketIdleTimeout: 25h\n",
                ConfigFile::read,
                "rpc.websocketIdleTimeout: must be whole milliseconds from 1ms to 24h, was 25h");
        assertRefused(
                dir,
                "lockstep.yaml",
                "rpc:\n  idleTimeout: 60\n",
                ConfigFile::read,
                "rpc.idleTimeout: not a duration such as 500ms, 1s or 2m: '60'");
    }

    @Test
    void sizesAndDurationsAreWrittenInTheirLargestExactUnit() {
        assertEquals("5MiB", Scalars.byteSize(5L * 1024 * 1024));
        assertEquals("1025", Scalars.byteSize(1025));
        assertEquals("3GiB", Scalars.byteSize(3L << 30));
        assertEquals(3L << 30, Scalars.byteSize("3 GiB"));
        assertEquals("1s", Scalars.duration(Duration.ofMillis(1000)));
        assertEquals("1500ms", Scalars.duration(Duration.ofMillis(1500)));
        assertEquals("2m", Scalars.duration(Duration.ofMinutes(2)));
        assertEquals("1h", Scalars.duration(Duration.ofHours(1)));
        assertEquals(Duration.ofMinutes(90), Scalars.duration("90m"));
    }
}
