package io.lockstep.node.cli;

import io.lockstep.node.config.ChainSpec;
import io.lockstep.node.config.DevAccounts;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.GenesisFile;
import io.lockstep.node.config.NodeConfig;
import io.lockstep.node.config.ValidatorKey;
import io.lockstep.node.execution.ModelRegistryContract;
import io.lockstep.node.service.LockstepNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep dev}: a development chain in one command, as {@code anvil} or {@code geth --dev} give:
 * one validator, accounts funded at genesis with published keys, JSON-RPC on 127.0.0.1:8545. The chain
 * lives in a data directory and survives restarts; {@code --fresh} starts over.
 */
@Command(
        name = "dev",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Run a single-validator development chain: prefunded accounts (printed with their private keys),"
                    + " JSON-RPC and WebSocket on 127.0.0.1:8545, Prometheus metrics on 127.0.0.1:9545, blocks"
                    + " every second. The chain is kept in the data directory and resumes on the next start.",
            ""
        },
        footer = {"", "Exit status: 0 stopped on request, 1 failed to start or halted, 2 usage error."})
final class DevCommand implements Callable<Integer> {

    static final String GENESIS_FILE = "genesis.yaml";
    static final String KEY_FILE = "validator.key";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--data-dir",
            paramLabel = "DIR",
            defaultValue = "lockstep-dev",
            description = "Where the chain is kept (default: ${DEFAULT-VALUE}, under the working directory).")
    Path dataDir;

    @Option(names = "--fresh", description = "Delete the data directory's chain first and start a new one.")
    boolean fresh;

    @Option(
            names = "--rpc-host",
            paramLabel = "HOST",
            defaultValue = "127.0.0.1",
            description = "JSON-RPC address (default: ${DEFAULT-VALUE}).")
    String rpcHost;

    @Option(
            names = "--rpc-port",
            paramLabel = "PORT",
            defaultValue = "8545",
            description = "JSON-RPC port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int rpcPort;

    @Option(
            names = "--metrics-port",
            paramLabel = "PORT",
            defaultValue = "9545",
            description = "Prometheus metrics port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int metricsPort;

    @Option(names = "--no-metrics", description = "Do not serve metrics.")
    boolean noMetrics;

    @Option(
            names = "--block-time",
            paramLabel = "MILLIS",
            defaultValue = "1000",
            description = "Milliseconds between blocks (default: ${DEFAULT-VALUE}).")
    long blockTimeMillis;

    @Option(
            names = "--on-demand",
            description = "Make a block as soon as a transaction is accepted instead of on a timer.")
    boolean onDemand;

    @Option(
            names = "--accounts",
            paramLabel = "N",
            defaultValue = "10",
            description = "Dev accounts funded at genesis, for a new chain (default: ${DEFAULT-VALUE}).")
    int accounts;

    @Option(
            names = "--chain-id",
            paramLabel = "N",
            defaultValue = "" + ChainSpec.DEV_CHAIN_ID,
            description = "Chain id, for a new chain (default: ${DEFAULT-VALUE}).")
    long chainId;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (blockTimeMillis <= 0) {
            err.println("lockstep: --block-time must be positive");
            return LockstepCli.EXIT_USAGE;
        }
        if (fresh) {
            deleteRecursively(dataDir);
        }
        Files.createDirectories(dataDir);
        Path genesisFile = dataDir.resolve(GENESIS_FILE);
        Path keyFile = dataDir.resolve(KEY_FILE);
        DevAccounts devAccounts = DevAccounts.generate(accounts);
        boolean created = !Files.exists(genesisFile);
        if (created) {
            ValidatorKey validator = ValidatorKey.generate(new SecureRandom());
            validator.write(keyFile, true);
            Genesis genesis = devAccounts.genesis(chainId, System.currentTimeMillis() / 1000, validator.address());
            GenesisFile.write(genesisFile, genesis);
        }
        Genesis genesis = GenesisFile.read(genesisFile);
        ValidatorKey key = ValidatorKey.read(keyFile);
        NodeConfig defaults = NodeConfig.withDefaults(dataDir, genesisFile, keyFile);
        NodeConfig config = new NodeConfig(
                dataDir,
                genesisFile,
                keyFile,
                new NodeConfig.Rpc(
                        rpcHost,
                        rpcPort,
                        defaults.rpc().maxRequestBytes(),
                        defaults.rpc().maxBatchSize(),
                        defaults.rpc().websocket()),
                new NodeConfig.Metrics(!noMetrics, defaults.metrics().host(), metricsPort),
                new NodeConfig.Consensus(
                        Duration.ofMillis(blockTimeMillis),
                        onDemand ? NodeConfig.Consensus.Mode.ON_DEMAND : NodeConfig.Consensus.Mode.INTERVAL),
                defaults.mempool(),
                defaults.state(),
                defaults.log());
        LockstepNode node = LockstepNode.start(config, genesis, key, VersionInfo.clientVersion());

        out.println(
                created
                        ? "Started a new dev chain in " + dataDir
                        : "Resumed the dev chain in " + dataDir + " at height "
                                + node.chain().committedHeight() + " (--fresh starts over)");
        out.println();
        out.println(devAccounts.render());
        out.println("Chain id          " + genesis.chainId());
        out.println("JSON-RPC          http://" + NodeCommand.hostPort(node));
        out.println("WebSocket         ws://" + NodeCommand.hostPort(node));
        node.metricsAddress()
                .ifPresent(m ->
                        out.println("Metrics           http://" + m.getHostString() + ":" + m.getPort() + "/metrics"));
        out.println("Blocks            "
                + (onDemand ? "on demand, one per accepted transaction" : "every " + blockTimeMillis + " ms"));
        out.println("Model registry    " + ModelRegistryContract.ADDRESS.toChecksumHex() + "  "
                + ModelRegistryContract.REGISTER_SIGNATURE);
        out.println(
                "Example model     examples/iris-classifier/model/iris.onnx (register it as iris-v1; see the README)");
        out.println();
        out.println("Stop with Ctrl-C.");
        out.flush();
        return NodeRunner.runUntilStopped(node, err);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
