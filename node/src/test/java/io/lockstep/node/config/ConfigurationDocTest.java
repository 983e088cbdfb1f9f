package io.lockstep.node.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.lockstep.node.contract.RepositoryRoot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * docs/configuration.md shows what the code writes and reads: every YAML block parses, the complete
 * examples are exactly the code's output, and the dev accounts are the derived ones.
 */
class ConfigurationDocTest {

    private static final Pattern FENCE = Pattern.compile("```(\\w*)\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern KEY = Pattern.compile("0x[0-9a-f]{64}\\n");

    /** The example genesis's time: 2025-01-01T00:00:00Z. */
    private static final long EXAMPLE_TIME = 1_735_689_600;

    private static String doc;
    private static List<Block> blocks;

    record Block(String language, String text) {
        String firstLine() {
            return text.lines().findFirst().orElse("");
        }
    }

    @BeforeAll
    static void readTheDoc() throws IOException {
        Path root = RepositoryRoot.locate().orElseThrow(() -> new AssertionError("no repository root"));
        doc = Files.readString(root.resolve("docs/configuration.md"));
        blocks = new ArrayList<>();
        Matcher matcher = FENCE.matcher(doc);
        while (matcher.find()) {
            blocks.add(new Block(matcher.group(1), matcher.group(2)));
        }
    }

    @Test
    void everyYamlBlockParsesAsTheFileItNames() {
        int genesisFiles = 0;
        int configFiles = 0;
        for (Block block : blocks) {
            if (!block.language().equals("yaml")) {
                continue;
            }
            String first = block.firstLine();
            if (first.startsWith("# Lockstep genesis") || first.equals("# genesis.yaml")) {
                GenesisFile.parse(block.text());
                genesisFiles++;
            } else if (first.startsWith("# Lockstep node configuration") || first.equals("# lockstep.yaml")) {
                ConfigFile.parse(block.text());
                configFiles++;
            } else {
                fail("a YAML block must name its file in its first line: " + first);
            }
        }
        assertEquals(2, genesisFiles, "the complete and the smallest genesis");
        assertEquals(2, configFiles, "the complete and the partial configuration");
    }

    @Test
    void theCompleteExamplesAreWhatTheCodeWrites() {
        ValidatorKey key = exampleKey();
        Genesis genesis = DevAccounts.generate(2).genesis(ChainSpec.DEV_CHAIN_ID, EXAMPLE_TIME, key.address());
        NodeConfig config = NodeConfig.withDefaults(
                NodeConfig.DEFAULT_DATA_DIR, NodeConfig.DEFAULT_GENESIS_FILE, NodeConfig.DEFAULT_VALIDATOR_KEY_FILE);

        assertEquals(GenesisFile.toYaml(genesis), yamlStartingWith("# Lockstep genesis"));
        assertEquals(ConfigFile.toYaml(config, Path.of("home")), yamlStartingWith("# Lockstep node configuration"));
        assertTrue(doc.contains("Its genesis hash is `" + genesis.hashHex() + "`."), genesis.hashHex());
        assertTrue(doc.contains("Its address is `" + key.address().toChecksumHex() + "`."), key::toString);
    }

    @Test
    void theSmallestGenesisAndThePartialConfigurationTakeTheDefaults() {
        Genesis smallest = GenesisFile.parse(yamlStartingWith("# genesis.yaml"));
        NodeConfig partial = ConfigFile.parse(yamlStartingWith("# lockstep.yaml"));

        assertEquals(
                Genesis.of(
                        ChainSpec.DEV_CHAIN_ID,
                        EXAMPLE_TIME,
                        List.of(),
                        List.of(new Genesis.Validator(exampleKey().address(), 1))),
                smallest);
        assertEquals("0.0.0.0", partial.rpc().host());
        assertEquals(
                List.of("devbox.lan", "192.168.1.20", "localhost", "127.0.0.1"),
                partial.rpc().hosts());
        assertEquals(NodeConfig.Consensus.Mode.ON_DEMAND, partial.consensus().mode());
        assertEquals(false, partial.metrics().enabled());
        assertEquals(NodeConfig.Mempool.DEFAULT, partial.mempool());
        assertEquals(1, partial.warnings().size(), () -> partial.warnings().toString());
    }

    @Test
    void theDevAccountsListedAreTheDerivedOnes() {
        String rendered = DevAccounts.generate(10).render();

        assertTrue(
                blocks.stream()
                        .anyMatch(block ->
                                block.language().equals("text") && block.text().equals(rendered)),
                () -> "docs/configuration.md should list the first ten dev accounts as rendered:\n" + rendered);
    }

    private static ValidatorKey exampleKey() {
        List<Block> keys = blocks.stream()
                .filter(block -> KEY.matcher(block.text()).matches())
                .toList();
        assertEquals(1, keys.size(), "one key file example");
        return ValidatorKey.parse(keys.get(0).text());
    }

    private static String yamlStartingWith(String firstLine) {
        return blocks.stream()
                .filter(block ->
                        block.language().equals("yaml") && block.firstLine().startsWith(firstLine))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no YAML block starting with " + firstLine))
                .text();
    }
}
