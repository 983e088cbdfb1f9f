package io.lockstep.node.state;

import io.lockstep.core.chain.Hash32;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.Optional;

/**
 * An account: its nonce, its balance in wei, and for a contract the hash of its code.
 *
 * <p>Encoding (state value): {@code 0x01} (format) ‖ nonce (8 bytes, big-endian) ‖ balance (32 bytes,
 * big-endian unsigned) ‖ code hash (32 bytes, contracts only).
 */
public record Account(long nonce, BigInteger balance, Optional<Hash32> codeHash) {

    /** The largest balance: 2^256 − 1. */
    public static final BigInteger MAX_BALANCE = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    /** An account nobody has touched: what a missing key means. */
    public static final Account EMPTY = new Account(0, BigInteger.ZERO, Optional.empty());

    private static final byte FORMAT = 0x01;

    public Account {
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(codeHash, "codeHash");
        if (balance.signum() < 0 || balance.compareTo(MAX_BALANCE) > 0) {
            throw new IllegalArgumentException("balance out of range: " + balance);
        }
    }

    public boolean isContract() {
        return codeHash.isPresent();
    }

    public Account withNonce(long newNonce) {
        return new Account(newNonce, balance, codeHash);
    }

    public Account withBalance(BigInteger newBalance) {
        return new Account(nonce, newBalance, codeHash);
    }

    public Account withCode(Hash32 hash) {
        return new Account(nonce, balance, Optional.of(hash));
    }

    public byte[] encode() {
        ByteBuffer out = ByteBuffer.allocate(1 + 8 + 32 + (codeHash.isPresent() ? 32 : 0));
        out.put(FORMAT).putLong(nonce).put(word(balance));
        codeHash.ifPresent(hash -> out.put(hash.bytes()));
        return out.array();
    }

    /** The account a state value encodes, or {@link #EMPTY} for a missing one ({@code null}). */
    public static Account decodeOrEmpty(byte[] bytes) {
        return bytes == null ? EMPTY : decode(bytes);
    }

    public static Account decode(byte[] bytes) {
        if ((bytes.length != 41 && bytes.length != 73) || bytes[0] != FORMAT) {
            throw new IllegalStateException("not an account encoding (" + bytes.length + " bytes)");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, 1, bytes.length - 1);
        long nonce = in.getLong();
        byte[] balance = new byte[32];
        in.get(balance);
        Optional<Hash32> code = Optional.empty();
        if (in.hasRemaining()) {
            byte[] hash = new byte[32];
            in.get(hash);
            code = Optional.of(Hash32.of(hash));
        }
        return new Account(nonce, new BigInteger(1, balance), code);
    }

    /** {@code value} as 32 big-endian bytes; it must fit. */
    public static byte[] word(BigInteger value) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[32];
        int from = raw.length > 32 ? raw.length - 32 : 0;
        System.arraycopy(raw, from, out, 32 - (raw.length - from), raw.length - from);
        return out;
    }
}
