package io.lockstep.node.cli;

import io.lockstep.node.config.ConfigFile;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.GenesisFile;
import io.lockstep.node.config.NodeConfig;
import io.lockstep.node.config.ValidatorKey;
import io.lockstep.node.service.LockstepNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code lockstep node --config FILE}: runs the validator a configuration (from {@code lockstep init}) describes. */
@Command(
        name = "node",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Run a validator node from a configuration file written by 'lockstep init' (or by hand, see"
                    + " docs/configuration.md): its genesis, validator key, data directory, JSON-RPC and metrics"
                    + " endpoints. Stops cleanly on SIGINT or SIGTERM.",
            ""
        },
        footer = {"", "Exit status: 0 stopped on request, 1 failed to start or halted, 2 usage error."})
final class NodeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", required = true, description = "The node configuration (YAML).")
    Path config;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        NodeConfig nodeConfig = ConfigFile.read(config);
        Genesis genesis = GenesisFile.read(nodeConfig.genesisFile());
        ValidatorKey key = ValidatorKey.read(nodeConfig.validatorKeyFile());
        LockstepNode node = LockstepNode.start(nodeConfig, genesis, key, VersionInfo.clientVersion());
        out.println("lockstep node running: chain id " + genesis.chainId() + ", height "
                + node.chain().committedHeight() + ", JSON-RPC http://" + hostPort(node) + " (WebSocket ws://"
                + hostPort(node) + ")");
        out.flush();
        return NodeRunner.runUntilStopped(node, err);
    }

    static String hostPort(LockstepNode node) {
        return node.rpcAddress().getHostString() + ":" + node.rpcAddress().getPort();
    }
}
