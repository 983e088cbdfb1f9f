package io.lockstep.node.config;

import static io.lockstep.node.config.ConfigErrors.assertRefused;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

class ValidatorKeyTest {

    @TempDir
    Path dir;

    @Test
    void theAddressOfKeyOneIsTheWellKnownOne() {
        ValidatorKey key = ValidatorKey.of(BigInteger.ONE);

        assertEquals("0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf", key.address().toChecksumHex());
        assertEquals("0x7e5f4552091a69125d5dfcb7b8c2659029395bdf", key.address().toHex());
        assertArrayEquals(
                HexFormat.of().parseHex("7e5f4552091a69125d5dfcb7b8c2659029395bdf"),
                key.address().bytes());
        assertEquals("0x" + "0".repeat(63) + "1", key.privateKeyHex());
    }

    @Test
    void generatedKeysHaveTheAddressWeb3jDerives() throws Exception {
        SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
        random.setSeed(42);
        for (int i = 0; i < 20; i++) {
            ValidatorKey key = ValidatorKey.generate(random);

            Credentials web3j = Credentials.create(key.privateKeyHex());
            assertEquals(
                    Keys.toChecksumAddress(web3j.getAddress()), key.address().toChecksumHex());
            assertEquals(web3j.getAddress(), key.credentials().getAddress());
        }
    }

    @Test
    void generationDrawsAgainWhenTheBytesAreNotAKey() {
        // The first draw is n itself (not a key), the second 0 (not a key): the third is taken.
        byte[][] draws = {ValidatorKey.CURVE_ORDER.toByteArray(), new byte[32], fill(7)};
        SecureRandom scripted = new SecureRandom() {
            private static final long serialVersionUID = 1L;
            private int next;

            @Override
            public void nextBytes(byte[] bytes) {
                byte[] draw = draws[next++];
                System.arraycopy(draw, draw.length - bytes.length, bytes, 0, bytes.length);
            }
        };

        ValidatorKey key = ValidatorKey.generate(scripted);

        assertEquals(new BigInteger(1, fill(7)), key.keyPair().getPrivateKey());
    }

    @Test
    void writeThenReadGivesTheSameKeyInAnOwnerOnlyFile() throws Exception {
        ValidatorKey key = ValidatorKey.generate(new SecureRandom());
        Path file = dir.resolve("keys/validator.key");

        key.write(file);

        assertEquals(key, ValidatorKey.read(file));
        assertEquals(key.privateKeyHex() + "\n", Files.readString(file));
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView("posix"), "no POSIX permissions here");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }

    @Test
    void anExistingFileIsReplacedOnlyWhenAsked() throws Exception {
        ValidatorKey first = ValidatorKey.of(BigInteger.TWO);
        ValidatorKey second = ValidatorKey.of(BigInteger.valueOf(3));
        Path file = dir.resolve("validator.key");
        first.write(file);

        assertThrows(FileAlreadyExistsException.class, () -> second.write(file));
        assertEquals(first, ValidatorKey.read(file));

        second.write(file, true);
        assertEquals(second, ValidatorKey.read(file));
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        try (var listing = Files.list(dir)) {
            assertEquals(1, listing.count(), "no temporary file is left behind");
        }
    }

    @Test
    void readingTakesTheDigitsWithOrWithoutPrefixInEitherCase() {
        String digits = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
        ValidatorKey expected = ValidatorKey.parse("0x" + digits);

        assertEquals(expected, ValidatorKey.read(ConfigErrors.write(dir, "a.key", digits)));
        assertEquals(
                expected,
                ValidatorKey.read(ConfigErrors.write(dir, "b.key", "  0X" + digits.toUpperCase(Locale.ROOT) + "\r\n")));
        assertEquals("0x" + digits, expected.privateKeyHex());
    }

    @Test
    void badKeyFilesAreRefusedWithoutShowingTheKey() {
        String digits = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
        assertRefused(dir, "validator.key", "", ValidatorKey::read, "empty: expected 0x and 64 hex digits");
        assertRefused(
                dir,
                "validator.key",
                "0x" + digits.substring(2),
                ValidatorKey::read,
                "expected 64 hex digits (32 bytes), found 62");
        assertRefused(
                dir,
                "validator.key",
                "0x" + digits + "00",
                ValidatorKey::read,
                "expected 64 hex digits (32 bytes), found 66");
        assertRefused(
                dir,
                "validator.key",
                "0x7E5F4552091A69125d5DfCb7b8C2659029395Bdf",
                ValidatorKey::read,
                "expected 64 hex digits (32 bytes), found 40 (an address, not a private key?)");
        assertRefused(
                dir,
                "validator.key",
                "0x" + digits.substring(1) + "z",
                ValidatorKey::read,
                "not hex: expected 0x and 64 hex digits");
        assertRefused(
                dir,
                "validator.key",
                "0x" + digits + "\n0x" + digits + "\n",
                ValidatorKey::read,
                "not hex: expected 0x and 64 hex digits");
        assertRefused(
                dir, "validator.key", "0x" + "0".repeat(64), ValidatorKey::read, "zero is not a secp256k1 private key");
        assertRefused(
                dir,
                "validator.key",
                "0x" + ValidatorKey.CURVE_ORDER.toString(16),
                ValidatorKey::read,
                "not a secp256k1 private key: it must be below the curve order n");
        assertRefused(
                dir,
                "validator.key",
                "0x" + "f".repeat(64),
                ValidatorKey::read,
                "not a secp256k1 private key: it must be below the curve order n");
        ConfigException missing =
                assertThrows(ConfigException.class, () -> ValidatorKey.read(dir.resolve("absent.key")));
        assertEquals(dir.resolve("absent.key") + ": no such file", missing.getMessage());
    }

    @Test
    void theLargestValidKeyIsAccepted() {
        ValidatorKey key = ValidatorKey.parse(
                ValidatorKey.CURVE_ORDER.subtract(BigInteger.ONE).toString(16));

        assertEquals(
                Keys.toChecksumAddress(Credentials.create(key.privateKeyHex()).getAddress()),
                key.address().toChecksumHex());
    }

    @Test
    void toStringShowsTheAddressNotTheKey() {
        ValidatorKey key = ValidatorKey.of(new BigInteger(1, fill(0x5a)));

        assertFalse(key.toString().contains("5a5a5a"), key.toString());
        assertTrue(key.toString().contains(key.address().toChecksumHex()), key.toString());
        assertNotEquals(key, ValidatorKey.of(BigInteger.ONE));
    }

    @Test
    void keyTextIsAscii() throws Exception {
        Path file = dir.resolve("validator.key");
        ValidatorKey.of(BigInteger.TEN).write(file);

        byte[] bytes = Files.readAllBytes(file);

        assertEquals(67, bytes.length);
        assertEquals(
                new String(bytes, StandardCharsets.US_ASCII),
                ValidatorKey.of(BigInteger.TEN).privateKeyHex() + "\n");
    }

    private static byte[] fill(int value) {
        byte[] bytes = new byte[32];
        Arrays.fill(bytes, (byte) value);
        return bytes;
    }
}
