package io.lockstep.node.config;

import io.lockstep.core.chain.Address;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Set;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * A validator's secp256k1 private key, which signs its votes and proposals, and its Keccak address.
 *
 * <p>File format: one line, {@code 0x} and 64 lower-case hex digits (the 32-byte big-endian scalar), then
 * a newline. Reading also takes the digits without {@code 0x}, in either case, with surrounding
 * whitespace. The file is created readable and writable by its owner only, where the file system has
 * POSIX permissions. {@link #toString()} never shows the key.
 */
public final class ValidatorKey {

    /** The order n of the secp256k1 group: private keys are 1 to n - 1. */
    public static final BigInteger CURVE_ORDER =
            new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    private static final int KEY_HEX_DIGITS = 64;
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final ECKeyPair keyPair;
    private final Address address;

    private ValidatorKey(BigInteger privateKey) {
        if (privateKey.signum() <= 0) {
            throw new ConfigException(null, "zero is not a secp256k1 private key");
        }
        if (privateKey.compareTo(CURVE_ORDER) >= 0) {
            throw new ConfigException(null, "not a secp256k1 private key: it must be below the curve order n");
        }
        this.keyPair = ECKeyPair.create(privateKey);
        this.address = Address.fromHex("0x" + Keys.getAddress(keyPair));
    }

    /** A fresh key: 32 bytes drawn from {@code random} until they are a valid private key (almost always at once). */
    public static ValidatorKey generate(SecureRandom random) {
        byte[] candidate = new byte[32];
        while (true) {
            random.nextBytes(candidate);
            BigInteger scalar = new BigInteger(1, candidate);
            if (scalar.signum() > 0 && scalar.compareTo(CURVE_ORDER) < 0) {
                return new ValidatorKey(scalar);
            }
        }
    }

    /** The key with this scalar, 1 to n - 1. */
    public static ValidatorKey of(BigInteger privateKey) {
        return new ValidatorKey(privateKey);
    }

    /** Parses the key file's text: 64 hex digits, optionally after {@code 0x}, whitespace around ignored. */
    public static ValidatorKey parse(String text) {
        String digits = text.strip();
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.isEmpty()) {
            throw new ConfigException(null, "empty: expected 0x and 64 hex digits");
        }
        if (!Scalars.isHex(digits)) {
            throw new ConfigException(null, "not hex: expected 0x and 64 hex digits");
        }
        if (digits.length() != KEY_HEX_DIGITS) {
            throw new ConfigException(
                    null,
                    "expected 64 hex digits (32 bytes), found " + digits.length()
                            + (digits.length() == 2 * Address.LENGTH ? " (an address, not a private key?)" : ""));
        }
        return new ValidatorKey(new BigInteger(digits, 16));
    }

    /** Reads a key file; problems name the file, never the key's digits. */
    public static ValidatorKey read(Path file) {
        String text = TextFiles.read(file);
        try {
            return parse(text);
        } catch (ConfigException e) {
            throw e.inFile(file);
        }
    }

    /** Writes the key to a new file, owner-only; refuses to replace an existing file. */
    public void write(Path file) throws IOException {
        write(file, false);
    }

    /**
     * Writes the key, owner-only. With {@code overwrite}, an existing file is replaced atomically;
     * without, an existing file is left alone and {@link FileAlreadyExistsException} thrown.
     */
    public void write(Path file, boolean overwrite) throws IOException {
        Path directory = file.toAbsolutePath().getParent();
        Files.createDirectories(directory);
        byte[] content = (privateKeyHex() + "\n").getBytes(StandardCharsets.US_ASCII);
        if (!overwrite) {
            // createFile is atomic: no other writer's file is ever replaced, and the key is never readable
            // by others, not even between creation and a later chmod.
            Files.write(Files.createFile(file, ownerOnly(directory)), content, StandardOpenOption.WRITE);
            return;
        }
        Path temporary = Files.createTempFile(directory, "." + file.getFileName(), ".tmp", ownerOnly(directory));
        try {
            Files.write(temporary, content, StandardOpenOption.WRITE);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** The 20-byte address: the last 20 bytes of the Keccak-256 of the uncompressed public key. */
    public Address address() {
        return address;
    }

    /** {@code 0x} and 64 lower-case hex digits: the secret. */
    public String privateKeyHex() {
        String digits = keyPair.getPrivateKey().toString(16);
        return "0x" + "0".repeat(KEY_HEX_DIGITS - digits.length()) + digits;
    }

    public ECKeyPair keyPair() {
        return keyPair;
    }

    /** Web3j's signer for this key. */
    public Credentials credentials() {
        return Credentials.create(keyPair);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ValidatorKey key && keyPair.getPrivateKey().equals(key.keyPair.getPrivateKey());
    }

    @Override
    public int hashCode() {
        return address.hashCode();
    }

    /** The address only: a key must not reach a log by accident. */
    @Override
    public String toString() {
        return "ValidatorKey[" + address.toChecksumHex() + "]";
    }

    private static FileAttribute<?>[] ownerOnly(Path directory) throws IOException {
        if (Files.getFileStore(directory).supportsFileAttributeView("posix")) {
            return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)};
        }
        return new FileAttribute<?>[0];
    }
}
