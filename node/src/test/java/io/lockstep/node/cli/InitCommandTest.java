package io.lockstep.node.cli;

import static io.lockstep.node.cli.CliRun.args;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lockstep.core.chain.Address;
import io.lockstep.node.config.ConfigFile;
import io.lockstep.node.config.DevAccount;
import io.lockstep.node.config.DevAccounts;
import io.lockstep.node.config.Genesis;
import io.lockstep.node.config.GenesisFile;
import io.lockstep.node.config.NodeConfig;
import io.lockstep.node.config.ValidatorKey;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lockstep init} end to end, in-process, into a temporary directory. */
class InitCommandTest {

    @TempDir
    Path temp;

    @Test
    void writesAKeyAGenesisNamingItAndAConfigPointingAtBoth() throws Exception {
        Path home = temp.resolve("home");
        long before = Instant.now().getEpochSecond();

        CliRun run = CliRun.of(args("init", "--home", home));

        assertEquals(0, run.exitCode(), run::toString);
        ValidatorKey key = ValidatorKey.read(home.resolve("validator.key"));
        Genesis genesis = GenesisFile.read(home.resolve("genesis.yaml"));
        NodeConfig config = ConfigFile.read(home.resolve("lockstep.yaml"));
        assertEquals(1337, genesis.chainId());
        assertEquals(List.of(new Genesis.Validator(key.address(), 1)), genesis.validators());
        assertEquals(
                List.of(new Genesis.Allocation(key.address(), new BigInteger("10000000000000000000000"))),
                genesis.alloc(),
                "without dev accounts the validator is funded");
        assertTrue(genesis.genesisTime() >= before
                && genesis.genesisTime() <= Instant.now().getEpochSecond());
        assertEquals(home.resolve("genesis.yaml"), config.genesisFile());
        assertEquals(home.resolve("validator.key"), config.validatorKeyFile());
        assertEquals(home.resolve("data"), config.dataDir());
        assertEquals(NodeConfig.Rpc.DEFAULT, config.rpc());

        assertTrue(run.stdout().contains("chain id      1337\n"), run.stdout());
        assertTrue(run.stdout().contains("genesis hash  " + genesis.hashHex() + "\n"), run.stdout());
        assertTrue(run.stdout().contains("validator     " + key.address().toChecksumHex() + "\n"), run.stdout());
        assertTrue(run.stdout().contains(home.resolve("validator.key").toString()), run.stdout());
        assertTrue(
                run.stdout().endsWith("  ./lockstep node --config " + home.resolve("lockstep.yaml") + "\n"),
                run.stdout());
        assertFalse(run.stdout().contains(key.privateKeyHex().substring(2)), "the validator key is not printed");
        assertEquals("", run.stderr());
        if (Files.getFileStore(temp).supportsFileAttributeView("posix")) {
            assertEquals(
                    "rw-------",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("validator.key"))));
            assertEquals(
                    "rw-r--r--",
                    PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("genesis.yaml"))));
        }
    }

    @Test
    void devAccountsAreFundedAndListedWithTheGivenChainId() {
        Path home = temp.resolve("dev");

        CliRun run = CliRun.of(args("init", "--home", home, "--chain-id", 42, "--dev-accounts", 3));

        assertEquals(0, run.exitCode(), run::toString);
        Genesis genesis = GenesisFile.read(home.resolve("genesis.yaml"));
        DevAccounts accounts = DevAccounts.generate(3);
        assertEquals(42, genesis.chainId());
        assertEquals(
                accounts.accounts().stream().map(DevAccount::address).toList(),
                genesis.alloc().stream().map(Genesis.Allocation::address).toList());
        Address validator = ValidatorKey.read(home.resolve("validator.key")).address();
        assertEquals(validator, genesis.validators().get(0).address());
        assertTrue(run.stdout().contains(accounts.render()), run.stdout());
        assertTrue(run.stdout().contains("chain id      42\n"), run.stdout());
    }

    @Test
    void existingFilesAreNotReplacedWithoutForce() throws Exception {
        Path home = temp.resolve("home");
        assertEquals(0, CliRun.of(args("init", "--home", home)).exitCode());
        String key = Files.readString(home.resolve("validator.key"));
        String genesis = Files.readString(home.resolve("genesis.yaml"));

        CliRun again = CliRun.of(args("init", "--home", home, "--dev-accounts", 2));

        again.assertUsageError(home.resolve("genesis.yaml").toString())
                .assertUsageError(home.resolve("validator.key").toString())
                .assertUsageError("--force");
        assertEquals(key, Files.readString(home.resolve("validator.key")));
        assertEquals(genesis, Files.readString(home.resolve("genesis.yaml")));
    }

    @Test
    void oneExistingFileIsEnoughToRefuseAndNothingElseIsWritten() throws Exception {
        Path home = Files.createDirectories(temp.resolve("home"));
        Files.writeString(home.resolve("lockstep.yaml"), "rpc:\n  port: 1\n");

        CliRun.of(args("init", "--home", home))
                .assertUsageError(home.resolve("lockstep.yaml") + " exists; nothing was written");

        assertFalse(Files.exists(home.resolve("validator.key")));
        assertFalse(Files.exists(home.resolve("genesis.yaml")));
        assertEquals("rpc:\n  port: 1\n", Files.readString(home.resolve("lockstep.yaml")));
    }

    @Test
    void forceReplacesTheChainAndWarnsAboutTheOldDatabase() throws Exception {
        Path home = temp.resolve("home");
        assertEquals(0, CliRun.of(args("init", "--home", home)).exitCode());
        ValidatorKey first = ValidatorKey.read(home.resolve("validator.key"));
        Files.createDirectories(home.resolve("data"));

        CliRun forced = CliRun.of(args("init", "--home", home, "--force", "--chain-id", 7));

        assertEquals(0, forced.exitCode(), forced::toString);
        ValidatorKey second = ValidatorKey.read(home.resolve("validator.key"));
        assertNotEquals(first, second);
        Genesis genesis = GenesisFile.read(home.resolve("genesis.yaml"));
        assertEquals(7, genesis.chainId());
        assertEquals(second.address(), genesis.validators().get(0).address());
        assertTrue(
                forced.stderr().contains(home.resolve("data") + " holds the previous chain's database"),
                forced.stderr());
        assumeTrue(Files.getFileStore(temp).supportsFileAttributeView("posix"), "no POSIX permissions here");
        assertEquals(
                "rw-------",
                PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve("validator.key"))));
    }

    @Test
    void badOptionsAreUsageErrors() throws Exception {
        Path home = temp.resolve("home");
        CliRun.of(args("init", "--home", home, "--chain-id", 0))
                .assertUsageError("--chain-id must be between 1 and 9007199254740991, was 0");
        CliRun.of(args("init", "--home", home, "--chain-id", 9007199254740992L))
                .assertUsageError("--chain-id must be between 1 and 9007199254740991, was 9007199254740992");
        CliRun.of(args("init", "--home", home, "--chain-id", "x")).assertUsageError("--chain-id");
        CliRun.of(args("init", "--home", home, "--dev-accounts", -1))
                .assertUsageError("--dev-accounts must be between 0 and 1000, was -1");
        CliRun.of(args("init", "--home", home, "--dev-accounts", 1001))
                .assertUsageError("--dev-accounts must be between 0 and 1000, was 1001");
        assertFalse(Files.exists(home), "nothing is created for a refused command line");
        Path file = Files.writeString(temp.resolve("a-file"), "x");
        CliRun.of(args("init", "--home", file)).assertUsageError("Not a directory: " + file);
    }

    @Test
    void initIsListedInTheHelp() {
        CliRun help = CliRun.of("--help");

        assertEquals(0, help.exitCode());
        assertTrue(help.stdout().contains("init"), help::stdout);
        assertTrue(CliRun.of("init", "--help").stdout().contains("--dev-accounts"));
    }
}
