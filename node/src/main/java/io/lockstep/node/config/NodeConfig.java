package io.lockstep.node.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * How this node runs: where it keeps its data and finds its genesis and key, what it serves, and its
 * local limits. Nothing here is a chain rule: two validators may differ in every field and still agree on
 * every block. Validated on construction; {@link ConfigFile} reads and writes it as YAML.
 *
 * @param dataDir the node's database directory
 * @param genesisFile the chain's genesis ({@link GenesisFile})
 * @param validatorKeyFile the validator's private key ({@link ValidatorKey})
 */
public record NodeConfig(
        Path dataDir,
        Path genesisFile,
        Path validatorKeyFile,
        Rpc rpc,
        Metrics metrics,
        Consensus consensus,
        Mempool mempool,
        State state,
        Log log) {

    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final Path DEFAULT_GENESIS_FILE = Path.of("genesis.yaml");
    public static final Path DEFAULT_VALIDATOR_KEY_FILE = Path.of("validator.key");

    private static final long MIB = 1024 * 1024;

    /**
     * The JSON-RPC server (HTTP, and WebSocket subscriptions on the same port).
     *
     * @param host the address to bind; a non-loopback one exposes the node to the network
     * @param port the TCP port, 0 for any free port
     * @param maxRequestBytes the largest HTTP request body or WebSocket message accepted
     * @param maxBatchSize the most calls in one JSON-RPC batch
     * @param websocket whether WebSocket upgrades ({@code eth_subscribe}) are accepted
     * @param hosts the names a request's Host header may carry (any port), or {@code *} for any: a defence
     *     against DNS rebinding, where a web page gets a browser to call the node under the page's own name
     * @param idleTimeout how long an HTTP connection may stay open without traffic between requests
     * @param websocketIdleTimeout how long a WebSocket connection may stay open without a frame from its
     *     client (pings count)
     */
    public record Rpc(
            String host,
            int port,
            int maxRequestBytes,
            int maxBatchSize,
            boolean websocket,
            List<String> hosts,
            Duration idleTimeout,
            Duration websocketIdleTimeout) {

        /** The names of the loopback interface, what clients on this machine call the node by. */
        public static final List<String> DEFAULT_HOSTS = List.of("localhost", "127.0.0.1", "::1");

        public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
        public static final Duration DEFAULT_WEBSOCKET_IDLE_TIMEOUT = Duration.ofMinutes(5);

        public static final Rpc DEFAULT = new Rpc("127.0.0.1", 8545, (int) (5 * MIB), 1_000, true);

        public Rpc {
            Hosts.check("host", host);
            Require.between("port", port, 0, 65_535);
            Require.between("maxRequestBytes", maxRequestBytes, 1, Integer.MAX_VALUE);
            Require.between("maxBatchSize", maxBatchSize, 1, 1_000_000);
            Require.present("hosts", hosts);
            if (hosts.isEmpty()) {
                throw new ConfigException("hosts", "must list at least one host name, or '*' for any");
            }
            for (int i = 0; i < hosts.size(); i++) {
                Hosts.checkAllowed("hosts[" + i + "]", hosts.get(i));
            }
            hosts = List.copyOf(hosts);
            requireTimeout("idleTimeout", idleTimeout);
            requireTimeout("websocketIdleTimeout", websocketIdleTimeout);
        }

        /** With the default Host allow-list and idle timeouts. */
        public Rpc(String host, int port, int maxRequestBytes, int maxBatchSize, boolean websocket) {
            this(
                    host,
                    port,
                    maxRequestBytes,
                    maxBatchSize,
                    websocket,
                    DEFAULT_HOSTS,
                    DEFAULT_IDLE_TIMEOUT,
                    DEFAULT_WEBSOCKET_IDLE_TIMEOUT);
        }

        public boolean isLoopback() {
            return Hosts.isLoopback(host);
        }

        private static void requireTimeout(String field, Duration timeout) {
            Require.present(field, timeout);
            if (timeout.compareTo(Duration.ofMillis(1)) < 0
                    || timeout.compareTo(Duration.ofDays(1)) > 0
                    || timeout.toNanos() % 1_000_000 != 0) {
                throw new ConfigException(
                        field, "must be whole milliseconds from 1ms to 24h, was " + Scalars.duration(timeout));
            }
        }
    }

    /**
     * The metrics endpoint.
     *
     * @param host the address to bind; a non-loopback one exposes the metrics to the network
     * @param port the TCP port, 0 for any free port
     */
    public record Metrics(boolean enabled, String host, int port) {

        public static final Metrics DEFAULT = new Metrics(true, "127.0.0.1", 9545);

        public Metrics {
            Hosts.check("host", host);
            Require.between("port", port, 0, 65_535);
        }

        public boolean isLoopback() {
            return Hosts.isLoopback(host);
        }
    }

    /**
     * When this node, as proposer, makes blocks.
     *
     * @param blockTime the interval between blocks in {@link Mode#INTERVAL} mode; whole milliseconds, 1 ms to 1 h
     */
    public record Consensus(Duration blockTime, Mode mode) {

        public static final Consensus DEFAULT = new Consensus(Duration.ofSeconds(1), Mode.INTERVAL);

        public Consensus {
            Require.present("blockTime", blockTime);
            Require.present("mode", mode);
            if (blockTime.compareTo(Duration.ofMillis(1)) < 0
                    || blockTime.compareTo(Duration.ofHours(1)) > 0
                    || blockTime.toNanos() % 1_000_000 != 0) {
                throw new ConfigException(
                        "blockTime", "must be whole milliseconds from 1ms to 1h, was " + Scalars.duration(blockTime));
            }
        }

        /** How blocks are triggered. */
        public enum Mode {
            /** A block every {@code blockTime}, empty or not. */
            INTERVAL("interval"),
            /** A block as soon as a transaction is waiting, and none otherwise (like an automining dev chain). */
            ON_DEMAND("on-demand");

            private final String wireName;

            Mode(String wireName) {
                this.wireName = wireName;
            }

            /** The name in the configuration file. */
            public String wireName() {
                return wireName;
            }

            public static Mode fromWireName(String name) {
                for (Mode mode : values()) {
                    if (mode.wireName.equals(name)) {
                        return mode;
                    }
                }
                throw new ConfigException(null, "expected interval or on-demand, got '" + name + "'");
            }
        }
    }

    /**
     * The pending transaction pool's bounds; when one is reached, new transactions are refused.
     *
     * @param maxTransactions the most transactions held
     * @param maxBytes the most encoded transaction bytes held
     * @param maxPerSender the most transactions held from one sender
     * @param maxTxBytes the largest encoded transaction accepted
     */
    public record Mempool(int maxTransactions, long maxBytes, int maxPerSender, int maxTxBytes) {

        /**
         * The default admits 2 MiB transactions: contracts and ONNX models are registered by transaction.
         * A raw transaction arrives hex-encoded, twice its size, in a JSON-RPC body of at most {@link
         * Rpc#DEFAULT}'s 5 MiB, so little more could arrive anyway.
         */
        public static final Mempool DEFAULT = new Mempool(10_000, 64 * MIB, 64, (int) (2 * MIB));

        public Mempool {
            Require.between("maxTransactions", maxTransactions, 1, Integer.MAX_VALUE);
            Require.between("maxBytes", maxBytes, 1, Long.MAX_VALUE);
            Require.between("maxPerSender", maxPerSender, 1, Integer.MAX_VALUE);
            Require.between("maxTxBytes", maxTxBytes, 1, Integer.MAX_VALUE);
            Require.atMost("maxPerSender", maxPerSender, "maxTransactions", maxTransactions);
            Require.atMost("maxTxBytes", maxTxBytes, "maxBytes", maxBytes);
        }
    }

    /**
     * The state store.
     *
     * @param retainVersions how many recent state versions (block heights) stay readable; older ones are
     *     pruned
     */
    public record State(long retainVersions) {

        public static final State DEFAULT = new State(1_000);

        public State {
            Require.between("retainVersions", retainVersions, 1, Long.MAX_VALUE);
        }
    }

    public record Log(Level level) {

        public static final Log DEFAULT = new Log(Level.INFO);

        public Log {
            Require.present("level", level);
        }

        /** The node's log level, most severe first. */
        public enum Level {
            ERROR,
            WARN,
            INFO,
            DEBUG,
            TRACE;

            public String wireName() {
                return name().toLowerCase(Locale.ROOT);
            }

            public static Level fromWireName(String name) {
                for (Level level : values()) {
                    if (level.wireName().equals(name)) {
                        return level;
                    }
                }
                throw new ConfigException(null, "expected one of error, warn, info, debug, trace, got '" + name + "'");
            }
        }
    }

    public NodeConfig {
        dataDir = Require.present("dataDir", dataDir).normalize();
        genesisFile = Require.present("genesisFile", genesisFile).normalize();
        validatorKeyFile = Require.present("validatorKeyFile", validatorKeyFile).normalize();
        Require.present("rpc", rpc);
        Require.present("metrics", metrics);
        Require.present("consensus", consensus);
        Require.present("mempool", mempool);
        Require.present("state", state);
        Require.present("log", log);
    }

    /** Every section at its default, with the given paths. */
    public static NodeConfig withDefaults(Path dataDir, Path genesisFile, Path validatorKeyFile) {
        return new NodeConfig(
                dataDir,
                genesisFile,
                validatorKeyFile,
                Rpc.DEFAULT,
                Metrics.DEFAULT,
                Consensus.DEFAULT,
                Mempool.DEFAULT,
                State.DEFAULT,
                Log.DEFAULT);
    }

    /** This configuration with its relative paths taken relative to {@code base}. */
    public NodeConfig resolvedAgainst(Path base) {
        return new NodeConfig(
                base.resolve(dataDir),
                base.resolve(genesisFile),
                base.resolve(validatorKeyFile),
                rpc,
                metrics,
                consensus,
                mempool,
                state,
                log);
    }

    /** What the node should warn about when it starts: the endpoints it exposes beyond this machine. */
    public List<String> warnings() {
        List<String> warnings = new ArrayList<>();
        exposed("rpc.host", rpc.host(), rpc.isLoopback(), "JSON-RPC")
                .map(warning -> rpc.hosts().equals(Rpc.DEFAULT_HOSTS)
                        ? warning + "; their requests are refused (403) until rpc.hosts lists the names they call it"
                                + " by ('*' for any)"
                        : warning)
                .ifPresent(warnings::add);
        if (metrics.enabled()) {
            exposed("metrics.host", metrics.host(), metrics.isLoopback(), "metrics")
                    .ifPresent(warnings::add);
        }
        return warnings;
    }

    private static Optional<String> exposed(String field, String host, boolean loopback, String what) {
        return loopback
                ? Optional.empty()
                : Optional.of(field + "=" + host + " is not a loopback address: " + what
                        + " is reachable from other machines");
    }
}
