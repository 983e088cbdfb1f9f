package io.lockstep.node.config;

import static io.lockstep.node.config.ConfigErrors.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.lockstep.core.chain.Address;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenesisFileTest {

    private static final String VALIDATOR = "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf";
    private static final String ALICE = "0x2B5AD5c4795c026514f8317c7a215E218DcCD6cF";
    private static final String BOB = "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA69";

    /** A small valid file; the cases below each break one thing in it. */
    private static final String VALID =
            """
            chainId: 1337
            genesisTime: 1735689600
            alloc:
              - address: "%s"
                balance: "1000"
              - address: "%s"
                balance: "0x10"
            validators:
              - address: "%s"
                power: 1
            """
                    .formatted(ALICE, BOB, VALIDATOR);

    @TempDir
    Path dir;

    @Test
    void writeThenReadGivesTheSameGenesisForRandomValues() throws Exception {
        for (long seed = 0; seed < 200; seed++) {
            Genesis genesis = new RandomValues(seed).genesis();
            Path file = dir.resolve("genesis-" + seed + ".yaml");

            GenesisFile.write(file, genesis);
            Genesis read = GenesisFile.read(file);

            long shown = seed;
            assertEquals(genesis, read, () -> "seed " + shown);
            assertArrayEquals(genesis.hash(), read.hash(), () -> "seed " + shown);
        }
    }

    @Test
    void missingOptionalFieldsTakeTheirDefaults() {
        Genesis genesis = GenesisFile.read(ConfigErrors.write(dir, "genesis.yaml", VALID));

        assertEquals(1337, genesis.chainId());
        assertEquals(1735689600, genesis.genesisTime());
        assertEquals(ChainSpec.DEFAULT_BLOCK_GAS_LIMIT, genesis.blockGasLimit());
        assertEquals(BigInteger.valueOf(1_000_000_000), genesis.baseFeePerGas());
        assertEquals(Genesis.Vm.DEFAULT, genesis.vm());
        assertEquals(
                List.of(
                        new Genesis.Allocation(Address.fromHex(ALICE), BigInteger.valueOf(1000)),
                        new Genesis.Allocation(Address.fromHex(BOB), BigInteger.valueOf(16))),
                genesis.alloc());
        assertEquals(List.of(new Genesis.Validator(Address.fromHex(VALIDATOR), 1)), genesis.validators());
    }

    @Test
    void amountsAreWrittenAsDecimalStringsAndAddressesChecksummed() {
        String yaml = GenesisFile.toYaml(GenesisFile.parse(VALID));

        assertEquals(true, yaml.contains("balance: \"16\"\n"), yaml);
        assertEquals(true, yaml.contains("baseFeePerGas: \"1000000000\"\n"), yaml);
        assertEquals(true, yaml.contains("address: \"" + BOB + "\"\n"), yaml);
        assertEquals(true, yaml.contains("nnKernelVersion: \"" + ChainSpec.NN_KERNEL_VERSION + "\"\n"), yaml);
    }

    @Test
    void theHashIsAGoldenVectorOfTheCanonicalEncoding() {
        Genesis genesis = GenesisFile.parse(VALID);

        // Computed once, outside Java, from the layout documented on Genesis.canonicalEncoding() (and in
        // docs/configuration.md); a different value means a different format, which splits chains.
        assertEquals("0x73333c8f83c063cf400feacc9846c6b3f7873cfaaab72cb791b0a15ba834aee5", genesis.hashHex());
        assertEquals(
                1 + 19 + 3 * 8 + 32 + 4 + 2 * (20 + 32) + 4 + (20 + 8) + 4 + 4 + 1 + 4 + 4,
                genesis.canonicalEncoding().length);
    }

    @Test
    void theHashIgnoresFormattingButNotContent() {
        Genesis genesis = GenesisFile.parse(VALID);
        String reformatted =
                """
                # the same chain, written differently
                validators: [{power: 1, address: "%s"}]
                alloc:
                  - {balance: 0x3e8, address: "%s"}
                  - {address: "%s", balance: 16}
                genesisTime: 1735689600
                chainId: "1337"
                baseFeePerGas: 0x3b9aca00
                vm: {}
                """
                        .formatted(
                                VALIDATOR.toLowerCase(Locale.ROOT),
                                ALICE,
                                BOB.toUpperCase(Locale.ROOT).replace("0X", "0x"));

        assertEquals(genesis.hashHex(), GenesisFile.parse(reformatted).hashHex());
        assertNotEquals(
                genesis.hashHex(),
                GenesisFile.parse(VALID.replace("1337", "1338")).hashHex());
        assertNotEquals(
                genesis.hashHex(),
                GenesisFile.parse(VALID.replace("\"1000\"", "\"1001\"")).hashHex());
        Genesis swapped = GenesisFile.parse(
                VALID.replace(ALICE, "TMP").replace(BOB, ALICE).replace("TMP", BOB));
        assertNotEquals(genesis.hashHex(), swapped.hashHex(), "alloc order is part of the chain");
        Genesis otherKernel = new Genesis(
                genesis.chainId(),
                genesis.genesisTime(),
                genesis.blockGasLimit(),
                genesis.baseFeePerGas(),
                genesis.alloc(),
                genesis.validators(),
                new Genesis.Vm(4, 5, "nn-3", 2));
        assertNotEquals(genesis.hashHex(), otherKernel.hashHex(), "the VM's numeric behaviour is part of the chain");
    }

    @Test
    void missingAndUnknownFieldsAreRefusedByName() {
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("chainId: 1337\n", ""),
                GenesisFile::read,
                "chainId: missing (required)");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("chainId:", "chainID:"),
                GenesisFile::read,
                "chainId: missing (required); found 'chainID': field names are case-sensitive");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID + "gasLimit: 30000000\n",
                GenesisFile::read,
                "gasLimit: unknown field; expected one of: chainId, genesisTime, blockGasLimit, baseFeePerGas,"
                        + " alloc, validators, vm");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("    balance: \"1000\"\n", "    balance: \"1000\"\n    nonce: 0\n"),
                GenesisFile::read,
                "alloc[0].nonce: unknown field; expected one of: address, balance");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID + "vm:\n  costSchedule: 5\n",
                GenesisFile::read,
                "vm.costSchedule: unknown field; expected one of: instrumentationVersion, costScheduleVersion,"
                        + " nnKernelVersion, nnCostScheduleVersion");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.substring(0, VALID.indexOf("validators:")),
                GenesisFile::read,
                "validators: missing (required)");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("    balance: \"0x10\"\n", ""),
                GenesisFile::read,
                "alloc[1].balance: missing (required)");
    }

    @Test
    void badValuesAreRefusedWithTheFieldAndTheReason() {
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("\"0x10\"", "12e3"),
                GenesisFile::read,
                "alloc[1].balance: not a decimal or 0x-hex integer: '12e3'");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("\"0x10\"", "0x" + "f".repeat(64) + "0"),
                GenesisFile::read,
                "alloc[1].balance: must be less than 2^256, was "
                        + BigInteger.ONE.shiftLeft(260).subtract(BigInteger.valueOf(16)));
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("\"0x10\"", BigInteger.ONE.shiftLeft(256).toString()),
                GenesisFile::read,
                "alloc[1].balance: must be less than 2^256, was " + BigInteger.ONE.shiftLeft(256));
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("\"0x10\"", "-1"),
                GenesisFile::read,
                "alloc[1].balance: must not be negative, was -1");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace(BOB, "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA6"),
                GenesisFile::read,
                "alloc[1].address: not an address: expected 0x and 40 hex digits, got"
                        + " '0x6813Eb9362372EEF6200f3b1dbC3f819671cBA6'");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace(BOB, "0x6813Eb9362372EEF6200f3b1dbC3f819671cBA6g"),
                GenesisFile::read,
                "alloc[1].address: not an address: expected 0x and 40 hex digits, got"
                        + " '0x6813Eb9362372EEF6200f3b1dbC3f819671cBA6g'");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace(BOB, "0x6813eb9362372EEF6200f3b1dbC3f819671cBA69"),
                GenesisFile::read,
                "alloc[1].address: address 0x6813eb9362372EEF6200f3b1dbC3f819671cBA69 has a wrong EIP-55 checksum"
                        + " (mixed case must read " + BOB + "); check for a typo, or write it in lower case");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("1337", "0"),
                GenesisFile::read,
                "chainId: must be between 1 and 9007199254740991, was 0");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("1337", "9007199254740992"),
                GenesisFile::read,
                "chainId: must be between 1 and 9007199254740991, was 9007199254740992");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("1337", "0o17"),
                GenesisFile::read,
                "chainId: not a decimal integer: '0o17'");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("1735689600", "1735689600000"),
                GenesisFile::read,
                "genesisTime: must be between 0 and 253402300799, was 1735689600000");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID + "blockGasLimit: 20999\n",
                GenesisFile::read,
                "blockGasLimit: must be between 21000 and 9223372036854775807, was 20999");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("power: 1", "power: 0"),
                GenesisFile::read,
                "validators[0].power: must be between 1 and 1152921504606846975, was 0");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID + "vm:\n  nnKernelVersion: \"NN 2\"\n",
                GenesisFile::read,
                "vm.nnKernelVersion: expected up to 32 of a-z, 0-9, '.' and '-' (such as nn-2), got 'NN 2'");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID + "vm:\n  costScheduleVersion: 0\n",
                GenesisFile::read,
                "vm.costScheduleVersion: must be between 1 and 2147483647, was 0");
    }

    @Test
    void listRulesAreCheckedAcrossEntries() {
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace(BOB, ALICE.toLowerCase(Locale.ROOT)),
                GenesisFile::read,
                "alloc[1].address: " + ALICE + " is already funded by alloc[0]; merge the two");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.substring(0, VALID.indexOf("validators:")) + "validators: []\n",
                GenesisFile::read,
                "validators: at least one validator is required");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID + "  - address: \"" + VALIDATOR + "\"\n    power: 2\n",
                GenesisFile::read,
                "validators[1].address: " + VALIDATOR + " is already validators[0]");
        String max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE).toString();
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("\"1000\"", "\"" + max + "\""),
                GenesisFile::read,
                "alloc: the balances add up to 2^256 or more; the total must fit in 256 bits");
        long half = ChainSpec.MAX_TOTAL_VOTING_POWER / 2 + 1;
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("power: 1", "power: " + half) + "  - address: \"" + ALICE + "\"\n    power: " + half
                        + "\n",
                GenesisFile::read,
                "validators: the total voting power must not exceed " + ChainSpec.MAX_TOTAL_VOTING_POWER);
    }

    @Test
    void yamlThatIsNotAGenesisShapeIsRefused() {
        assertRefused(
                dir,
                "genesis.yaml",
                "- 1\n- 2\n",
                GenesisFile::read,
                "expected a mapping of 'key: value' lines, found a list");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("alloc:\n", "alloc: 5\nx:\n"),
                GenesisFile::read,
                "alloc: expected a list ('- ' items), found a value");
        assertRefused(dir, "genesis.yaml", VALID + "chainId: 1\n", GenesisFile::read, "chainId: written twice");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("chainId: 1337", "chainId:"),
                GenesisFile::read,
                "chainId: no value; write one, or remove the line for the default");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID.replace("chainId: 1337", "chainId: [1337]"),
                GenesisFile::read,
                "chainId: expected a value, found a list");
        assertRefused(dir, "genesis.yaml", "", GenesisFile::read, "chainId: missing (required)");
        assertRefused(
                dir,
                "genesis.yaml",
                "chainId: &id 1337\ngenesisTime: *id\n",
                GenesisFile::read,
                "genesisTime: YAML aliases (*id) are not supported; write the value out");
        assertRefused(
                dir,
                "genesis.yaml",
                VALID + "---\nchainId: 2\n",
                GenesisFile::read,
                "more than one YAML document (a second '---'); write one");
        ConfigException notYaml = assertThrows(
                ConfigException.class,
                () -> GenesisFile.read(ConfigErrors.write(dir, "genesis.yaml", "chainId: [1337\n")));
        assertEquals(
                true,
                notYaml.getMessage().startsWith(dir.resolve("genesis.yaml") + ": not valid YAML (line "),
                notYaml.getMessage());
    }

    @Test
    void aMissingFileIsNamed() {
        Path absent = dir.resolve("absent.yaml");

        ConfigException e = assertThrows(ConfigException.class, () -> GenesisFile.read(absent));

        assertEquals(absent + ": no such file", e.getMessage());
    }
}
