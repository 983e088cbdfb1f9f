package io.lockstep.node.cli;

import io.lockstep.node.config.ChainSpec;
import io.lockstep.node.config.ConfigFile;
import io.lockstep.node.config.DevAccounts;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.GenesisFile;
import io.lockstep.node.config.NodeConfig;
import io.lockstep.node.config.ValidatorKey;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code lockstep init}: a new single-validator chain in a directory: a fresh validator key, a genesis
 * naming it, and a node configuration pointing at both. Prints a summary for people, not JSON.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        versionProvider = VersionInfo.class,
        description = {
            "Create a new single-validator chain: write genesis.yaml, validator.key (a fresh secp256k1 key,"
                    + " owner-only) and lockstep.yaml (the node configuration) into the home directory, then"
                    + " print the chain id, genesis hash, validator address and the command that starts the node.",
            ""
        },
        footer = {"", "Exit status: 0 written, 1 operational failure, 2 usage error (a file exists without --force)."})
final class InitCommand implements Callable<Integer> {

    static final String GENESIS_FILE = "genesis.yaml";
    static final String KEY_FILE = "validator.key";
    static final String CONFIG_FILE = "lockstep.yaml";

    /** What the validator holds when no dev accounts are funded: enough to pay for transactions. */
    static final BigInteger VALIDATOR_BALANCE = DevAccounts.DEFAULT_BALANCE;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--home",
            paramLabel = "DIR",
            defaultValue = "lockstep-home",
            description = "The directory to write to, created if needed (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(
            names = "--chain-id",
            paramLabel = "N",
            defaultValue = "" + ChainSpec.DEV_CHAIN_ID,
            description = "The chain id transactions are signed for, 1 to 2^53-1 (default: ${DEFAULT-VALUE}).")
    long chainId;

    @Option(
            names = "--dev-accounts",
            paramLabel = "N",
            defaultValue = "0",
            description = "Fund N development accounts with published keys (10000 ether each) instead of the"
                    + " validator; at most " + DevAccounts.MAX_COUNT + " (default: ${DEFAULT-VALUE}).")
    int devAccounts;

    @Option(names = "--force", description = "Replace existing files (and so the chain and its validator key).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        checkOptions();
        Path genesisFile = home.resolve(GENESIS_FILE);
        Path keyFile = home.resolve(KEY_FILE);
        Path configFile = home.resolve(CONFIG_FILE);
        if (!force) {
            refuseExisting(List.of(genesisFile, keyFile, configFile));
        }

        ValidatorKey key = ValidatorKey.generate(new SecureRandom());
        DevAccounts accounts = DevAccounts.generate(devAccounts);
        long genesisTime = Instant.now().getEpochSecond();
        Genesis genesis = devAccounts > 0
                ? accounts.genesis(chainId, genesisTime, key.address())
                : Genesis.of(
                        chainId,
                        genesisTime,
                        List.of(new Genesis.Allocation(key.address(), VALIDATOR_BALANCE)),
                        List.of(new Genesis.Validator(key.address(), ChainSpec.SINGLE_VALIDATOR_POWER)));
        NodeConfig config =
                NodeConfig.withDefaults(NodeConfig.DEFAULT_DATA_DIR, Path.of(GENESIS_FILE), Path.of(KEY_FILE));

        Files.createDirectories(home);
        try {
            // The key first: it is the one file whose loss cannot be undone.
            key.write(keyFile, force);
        } catch (FileAlreadyExistsException e) {
            throw new ParameterException(spec.commandLine(), keyFile + " appeared while writing; not replaced");
        }
        GenesisFile.write(genesisFile, genesis);
        ConfigFile.write(configFile, config);

        warnAboutOldData(config);
        print(genesis, key, accounts, genesisFile, keyFile, configFile);
        return LockstepCli.EXIT_OK;
    }

    private void checkOptions() {
        if (chainId < 1 || chainId > ChainSpec.MAX_CHAIN_ID) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--chain-id must be between 1 and " + ChainSpec.MAX_CHAIN_ID + ", was " + chainId);
        }
        if (devAccounts < 0 || devAccounts > DevAccounts.MAX_COUNT) {
            throw new ParameterException(
                    spec.commandLine(),
                    "--dev-accounts must be between 0 and " + DevAccounts.MAX_COUNT + ", was " + devAccounts);
        }
        if (Files.exists(home) && !Files.isDirectory(home)) {
            throw new ParameterException(spec.commandLine(), "Not a directory: " + home);
        }
    }

    private void refuseExisting(List<Path> files) {
        List<String> existing = new ArrayList<>();
        for (Path file : files) {
            if (Files.exists(file)) {
                existing.add(file.toString());
            }
        }
        if (!existing.isEmpty()) {
            throw new ParameterException(
                    spec.commandLine(),
                    String.join(", ", existing) + (existing.size() == 1 ? " exists" : " exist")
                            + "; nothing was written. Pass --force to replace "
                            + (existing.size() == 1 ? "it" : "them")
                            + " (a new chain and a new validator key), or choose another --home");
        }
    }

    /** A database made on the old genesis does not belong to the new chain; the node would refuse it. */
    private void warnAboutOldData(NodeConfig config) {
        Path data = home.resolve(config.dataDir());
        if (Files.exists(data)) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("lockstep: init: warning: " + data + " holds the previous chain's database;"
                    + " delete it before starting the node on the new genesis");
            err.flush();
        }
    }

    private void print(
            Genesis genesis, ValidatorKey key, DevAccounts accounts, Path genesisFile, Path keyFile, Path configFile) {
        PrintWriter out = spec.commandLine().getOut();
        out.println("Initialized a Lockstep chain in " + home);
        out.println("  genesis        " + genesisFile);
        out.println("  validator key  " + keyFile + " (secret: readable by its owner only; back it up)");
        out.println("  config         " + configFile);
        out.println();
        out.println("chain id      " + genesis.chainId());
        out.println("genesis hash  " + genesis.hashHex());
        out.println("validator     " + key.address().toChecksumHex());
        if (accounts.accounts().isEmpty()) {
            out.println("funded        the validator, " + VALIDATOR_BALANCE.divide(ChainSpec.WEI_PER_ETHER) + " ether");
        } else {
            out.println("funded        " + accounts.accounts().size() + " dev accounts, listed below");
            out.println();
            out.print(accounts.render());
        }
        out.println();
        out.println("Start the node:");
        out.println("  ./lockstep node --config " + configFile);
        out.flush();
    }
}
