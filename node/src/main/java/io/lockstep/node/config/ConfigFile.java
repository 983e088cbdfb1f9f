package io.lockstep.node.config;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The YAML form of a {@link NodeConfig} ({@code lockstep.yaml}); docs/configuration.md describes every
 * field. A missing section or field takes its default; an unknown one is refused. Relative paths are
 * relative to the directory of the configuration file, not to where the node was started, so a
 * configuration directory can be moved as a whole.
 */
public final class ConfigFile {

    private static final String HEADER =
            """
            Lockstep node configuration: this node's paths, endpoints and local limits (no chain rules:
            those are in the genesis file). Relative paths are relative to this file's directory.
            """;

    private ConfigFile() {}

    /** Reads {@code file}; its relative paths come back resolved against the file's directory. */
    public static NodeConfig read(Path file) {
        String text = TextFiles.read(file);
        try {
            return parse(text).resolvedAgainst(file.toAbsolutePath().getParent());
        } catch (ConfigException e) {
            throw e.inFile(file);
        }
    }

    /**
     * Writes {@code config} to {@code file}, replacing it if it exists. Paths below the file's directory
     * are written relative to it; relative paths are written as they are, since they are already relative
     * to the file's directory.
     */
    public static void write(Path file, NodeConfig config) throws IOException {
        TextFiles.replace(file, toYaml(config, file.toAbsolutePath().getParent()));
    }

    /** Reads a configuration from YAML text, leaving its paths as written; problems name the field but no file. */
    public static NodeConfig parse(String yaml) {
        YamlFields root = YamlFields.root(YamlNode.parse(yaml));
        Path dataDir = root.optional("dataDir", NodeConfig.DEFAULT_DATA_DIR, Scalars::path);
        Path genesisFile = root.optional("genesisFile", NodeConfig.DEFAULT_GENESIS_FILE, Scalars::path);
        Path keyFile = root.optional("validatorKeyFile", NodeConfig.DEFAULT_VALIDATOR_KEY_FILE, Scalars::path);
        NodeConfig.Rpc rpc = readRpc(root.section("rpc"));
        NodeConfig.Metrics metrics = readMetrics(root.section("metrics"));
        NodeConfig.Consensus consensus = readConsensus(root.section("consensus"));
        NodeConfig.Mempool mempool = readMempool(root.section("mempool"));
        NodeConfig.State state = readState(root.section("state"));
        NodeConfig.Log log = readLog(root.section("log"));
        root.finish();
        return root.construct(
                () -> new NodeConfig(dataDir, genesisFile, keyFile, rpc, metrics, consensus, mempool, state, log));
    }

    /** The YAML text {@link #write(Path, NodeConfig)} writes into {@code directory}: every field, defaults included. */
    public static String toYaml(NodeConfig config, Path directory) {
        Path base = directory.toAbsolutePath().normalize();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("dataDir", shown(config.dataDir(), base));
        root.put("genesisFile", shown(config.genesisFile(), base));
        root.put("validatorKeyFile", shown(config.validatorKeyFile(), base));

        Map<String, Object> rpc = new LinkedHashMap<>();
        rpc.put("host", config.rpc().host());
        rpc.put("port", config.rpc().port());
        rpc.put("maxRequestBytes", Scalars.byteSize(config.rpc().maxRequestBytes()));
        rpc.put("maxBatchSize", config.rpc().maxBatchSize());
        rpc.put("websocket", config.rpc().websocket());
        rpc.put("hosts", config.rpc().hosts());
        rpc.put("idleTimeout", Scalars.duration(config.rpc().idleTimeout()));
        rpc.put("websocketIdleTimeout", Scalars.duration(config.rpc().websocketIdleTimeout()));
        root.put("rpc", rpc);

        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("enabled", config.metrics().enabled());
        metrics.put("host", config.metrics().host());
        metrics.put("port", config.metrics().port());
        root.put("metrics", metrics);

        Map<String, Object> consensus = new LinkedHashMap<>();
        consensus.put("blockTime", Scalars.duration(config.consensus().blockTime()));
        consensus.put("mode", config.consensus().mode().wireName());
        root.put("consensus", consensus);

        Map<String, Object> mempool = new LinkedHashMap<>();
        mempool.put("maxTransactions", config.mempool().maxTransactions());
        mempool.put("maxBytes", Scalars.byteSize(config.mempool().maxBytes()));
        mempool.put("maxPerSender", config.mempool().maxPerSender());
        mempool.put("maxTxBytes", Scalars.byteSize(config.mempool().maxTxBytes()));
        root.put("mempool", mempool);

        root.put("state", Map.of("retainVersions", config.state().retainVersions()));
        root.put("log", Map.of("level", config.log().level().wireName()));
        return YamlWriter.write(HEADER, root);
    }

    private static String shown(Path path, Path base) {
        return path.isAbsolute() && path.startsWith(base) && !path.equals(base)
                ? base.relativize(path).toString()
                : path.toString();
    }

    private static NodeConfig.Rpc readRpc(YamlFields fields) {
        NodeConfig.Rpc defaults = NodeConfig.Rpc.DEFAULT;
        String host = fields.optional("host", defaults.host(), text -> text);
        int port = fields.optional("port", defaults.port(), Scalars::int32);
        long maxRequestBytes = fields.optional("maxRequestBytes", (long) defaults.maxRequestBytes(), Scalars::byteSize);
        int maxBatchSize = fields.optional("maxBatchSize", defaults.maxBatchSize(), Scalars::int32);
        boolean websocket = fields.optional("websocket", defaults.websocket(), Scalars::bool);
        List<String> hosts = fields.optionalList("hosts", defaults.hosts());
        Duration idleTimeout = fields.optional("idleTimeout", defaults.idleTimeout(), Scalars::duration);
        Duration websocketIdleTimeout =
                fields.optional("websocketIdleTimeout", defaults.websocketIdleTimeout(), Scalars::duration);
        fields.finish();
        return fields.construct(() -> new NodeConfig.Rpc(
                host,
                port,
                toInt("maxRequestBytes", maxRequestBytes),
                maxBatchSize,
                websocket,
                hosts,
                idleTimeout,
                websocketIdleTimeout));
    }

    private static NodeConfig.Metrics readMetrics(YamlFields fields) {
        NodeConfig.Metrics defaults = NodeConfig.Metrics.DEFAULT;
        boolean enabled = fields.optional("enabled", defaults.enabled(), Scalars::bool);
        String host = fields.optional("host", defaults.host(), text -> text);
        int port = fields.optional("port", defaults.port(), Scalars::int32);
        fields.finish();
        return fields.construct(() -> new NodeConfig.Metrics(enabled, host, port));
    }

    private static NodeConfig.Consensus readConsensus(YamlFields fields) {
        NodeConfig.Consensus defaults = NodeConfig.Consensus.DEFAULT;
        var blockTime = fields.optional("blockTime", defaults.blockTime(), Scalars::duration);
        var mode = fields.optional("mode", defaults.mode(), NodeConfig.Consensus.Mode::fromWireName);
        fields.finish();
        return fields.construct(() -> new NodeConfig.Consensus(blockTime, mode));
    }

    private static NodeConfig.Mempool readMempool(YamlFields fields) {
        NodeConfig.Mempool defaults = NodeConfig.Mempool.DEFAULT;
        int maxTransactions = fields.optional("maxTransactions", defaults.maxTransactions(), Scalars::int32);
        long maxBytes = fields.optional("maxBytes", defaults.maxBytes(), Scalars::byteSize);
        int maxPerSender = fields.optional("maxPerSender", defaults.maxPerSender(), Scalars::int32);
        long maxTxBytes = fields.optional("maxTxBytes", (long) defaults.maxTxBytes(), Scalars::byteSize);
        fields.finish();
        return fields.construct(
                () -> new NodeConfig.Mempool(maxTransactions, maxBytes, maxPerSender, toInt("maxTxBytes", maxTxBytes)));
    }

    private static NodeConfig.State readState(YamlFields fields) {
        long retainVersions =
                fields.optional("retainVersions", NodeConfig.State.DEFAULT.retainVersions(), Scalars::int64);
        fields.finish();
        return fields.construct(() -> new NodeConfig.State(retainVersions));
    }

    private static NodeConfig.Log readLog(YamlFields fields) {
        var level = fields.optional("level", NodeConfig.Log.DEFAULT.level(), NodeConfig.Log.Level::fromWireName);
        fields.finish();
        return fields.construct(() -> new NodeConfig.Log(level));
    }

    private static int toInt(String field, long bytes) {
        return (int) Require.between(field, bytes, 1, Integer.MAX_VALUE);
    }
}
