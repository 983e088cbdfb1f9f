package io.lockstep.node.execution;

import io.lockstep.core.chain.Hash32;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The few Solidity ABI encodings the node itself reads and writes: the system contracts' calldata of
 * dynamic byte strings, and revert reasons as {@code Error(string)}, so that Web3j and ethers decode them.
 */
final class AbiCodec {

    /** {@code Error(string)}: the selector Solidity puts before a revert reason. */
    static final byte[] ERROR_SELECTOR = selector("Error(string)");

    private AbiCodec() {}

    static byte[] selector(String signature) {
        return Arrays.copyOf(
                Hash32.keccak256(signature.getBytes(StandardCharsets.US_ASCII)).bytes(), 4);
    }

    /**
     * The dynamic byte strings ({@code string} or {@code bytes}) that make up {@code count} arguments after
     * a 4-byte selector, decoded strictly: offsets must point inside the data at 32-byte word boundaries
     * past the head, lengths must fit.
     *
     * @throws IllegalArgumentException naming what is malformed
     */
    static byte[][] dynamicArguments(byte[] calldata, int count) {
        int head = 4 + 32 * count;
        if (calldata.length < head) {
            throw new IllegalArgumentException("calldata shorter than its " + count + " argument offsets");
        }
        byte[][] out = new byte[count][];
        for (int i = 0; i < count; i++) {
            long offset = word(calldata, 4 + 32 * i);
            if (offset < 32L * count || offset % 32 != 0 || offset > calldata.length - 4 - 32) {
                throw new IllegalArgumentException("argument " + i + " has a bad offset");
            }
            int at = (int) (4 + offset);
            long length = word(calldata, at);
            if (length > calldata.length - at - 32) {
                throw new IllegalArgumentException("argument " + i + " is longer than the calldata");
            }
            out[i] = Arrays.copyOfRange(calldata, at + 32, at + 32 + (int) length);
        }
        return out;
    }

    /** One ABI-encoded dynamic byte string as a lone argument or event data: offset, length, padded bytes. */
    static byte[] encodeDynamic(byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(uint(32));
        out.writeBytes(uint(value.length));
        out.writeBytes(value);
        out.writeBytes(new byte[(32 - value.length % 32) % 32]);
        return out.toByteArray();
    }

    /** A revert reason as Solidity encodes {@code revert("reason")}. */
    static byte[] errorReason(String reason) {
        byte[] body = encodeDynamic(reason.getBytes(StandardCharsets.UTF_8));
        byte[] out = Arrays.copyOf(ERROR_SELECTOR, 4 + body.length);
        System.arraycopy(body, 0, out, 4, body.length);
        return out;
    }

    static byte[] uint(long value) {
        byte[] out = new byte[32];
        for (int i = 0; i < 8; i++) {
            out[31 - i] = (byte) (value >>> (8 * i));
        }
        return out;
    }

    /** A 32-byte word as a non-negative long; {@link Long#MAX_VALUE} when it does not fit. */
    private static long word(byte[] data, int at) {
        BigInteger value = new BigInteger(1, Arrays.copyOfRange(data, at, at + 32));
        return value.bitLength() > 62 ? Long.MAX_VALUE : value.longValue();
    }
}
