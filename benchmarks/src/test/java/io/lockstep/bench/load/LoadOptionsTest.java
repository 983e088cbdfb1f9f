package io.lockstep.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoadOptionsTest {

    @Test
    void readsEveryOption() {
        LoadOptions options = LoadOptions.parse(new String[] {
            "--rpc",
            "http://127.0.0.1:9000/",
            "--scenario",
            "classify",
            "--senders",
            "3-5",
            "--rate=250.5",
            "--concurrency",
            "4",
            "--warmup",
            "500ms",
            "--duration",
            "2m",
            "--contract",
            "0x00000000000000000000000000000000000000aa",
            "--gas-limit",
            "300_000",
            "--no-presign",
            "--seed",
            "-7"
        });
        assertEquals(Scenario.CLASSIFY, options.scenario());
        assertEquals(9000, options.rpc().getPort());
        assertEquals(List.of(SenderKeys.devKey(3), SenderKeys.devKey(4), SenderKeys.devKey(5)), options.senderKeys());
        assertEquals(Optional.of(250.5), options.rate());
        assertEquals(4, options.concurrency());
        assertEquals(Duration.ofMillis(500), options.warmup());
        assertEquals(Duration.ofMinutes(2), options.duration());
        assertEquals(300_000, options.effectiveGasLimit());
        assertFalse(options.presign());
        assertEquals(-7, options.seed());
    }

    @Test
    void defaultsSuitADevChain() {
        LoadOptions options = LoadOptions.parse(new String[] {"--scenario", "transfers"});
        assertEquals("http://127.0.0.1:8545/", options.rpc().toString());
        assertEquals(10, options.senderKeys().size());
        assertEquals(21_000, options.effectiveGasLimit());
        assertTrue(options.rate().isEmpty());
        assertTrue(options.presign());
    }

    @Test
    void refusesWhatCannotRun() {
        assertRefused("--scenario is required", "--senders", "3");
        assertRefused("unknown scenario 'mint'", "--scenario", "mint");
        assertRefused("needs --contract", "--scenario", "call-view");
        assertRefused("unknown option --rat", "--scenario", "transfers", "--rat", "5");
        assertRefused("--rate: must be a positive number", "--scenario", "transfers", "--rate", "0");
        assertRefused("is not a duration", "--scenario", "transfers", "--duration", "ten");
        assertRefused("--batch applies to the read scenarios only", "--scenario", "transfers", "--batch", "5");
        assertRefused("given twice", "--scenario", "transfers", "--scenario", "classify");
        assertRefused("expected 0x and 40 hex digits", "--scenario", "classify", "--contract", "0x12");
        assertRefused("not a secp256k1 private key", "--scenario", "transfers", "--senders", "0x0");
        assertRefused("no accounts in that range", "--scenario", "transfers", "--senders", "5-4");
    }

    @Test
    void readsSenderKeysFromAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("keys");
        Files.writeString(file, "# two keys\n0x01\n\n0x" + "ff".repeat(31) + "\n");
        assertEquals(List.of(BigInteger.ONE, new BigInteger("ff".repeat(31), 16)), SenderKeys.parse("@" + file));
        assertEquals(List.of(BigInteger.TWO, BigInteger.TEN), SenderKeys.parse("0x2, 0xa"));
    }

    private static void assertRefused(String message, String... args) {
        UsageException e = assertThrows(UsageException.class, () -> LoadOptions.parse(args));
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
